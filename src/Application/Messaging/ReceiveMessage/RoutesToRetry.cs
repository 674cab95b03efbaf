using System.Collections.Concurrent;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Messaging.ReceiveMessage;

/// <summary>
/// First deliveries this process recorded but could not route (storage stayed busy), or took for unrecorded while their
/// write was still queued (it may commit after the deadline): their rows are this life's, unanswered, with no work behind
/// them — the next delivery routes the message again instead of waiting for it. A first delivery that does not find the
/// row routes it anyway; the key is then forgotten with the others after two minutes.
/// </summary>
public sealed class RoutesToRetry(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<MessageKey, DateTimeOffset> _keys = new();

    public void Add(MessageKey key)
    {
        var now = clock.GetUtcNow();
        _keys[key] = now;
        foreach (var (old, at) in _keys)
        {
            if (now - at > Lifetime)
            {
                _keys.TryRemove(old, out _);
            }
        }
    }

    /// <summary>Whether the message's routing is to be tried again (once).</summary>
    public bool Take(MessageKey key) => _keys.TryRemove(key, out _);
}
