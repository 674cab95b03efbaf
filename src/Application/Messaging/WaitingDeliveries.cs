using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Deliveries held open in this process, each one socket. Beyond <see cref="WeChatOptions.MaxWaitingDeliveries"/>
/// a delivery of a question still being answered is not held: it gets <c>Texts:Crowded</c> at once (the answer
/// comes on "继续"), so that the process never runs out of sockets and no follower meets WeChat's failure notice
/// because their connection could not even be accepted.
/// A delivery of a message already held here takes that one's place instead of a place of its own: WeChat delivers a
/// message again only after it hung up on the last delivery, whose hang-up a busy process may not have seen yet. Counted
/// twice, a crowd's redeliveries at the 5-second mark found the limit taken by the deliveries they replace.
/// </summary>
public sealed class WaitingDeliveries(IOptions<WeChatOptions> weChat)
{
    /// <summary>Used when nothing derived a limit (outside the host).</summary>
    public const int DefaultLimit = 10_000;

    private readonly Dictionary<MessageKey, int> _held = [];
    private int _count;

    public int Limit { get; } = weChat.Value.MaxWaitingDeliveries > 0 ? weChat.Value.MaxWaitingDeliveries : DefaultLimit;

    /// <summary>Messages with a delivery held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Nine tenths of the limit held: replies then close their connections (the socket is freed at once).</summary>
    public bool UnderPressure => Count >= Limit - (Limit / 10);

    /// <summary>
    /// Counts a delivery of <paramref name="key"/> held open until the result is disposed; <see cref="Hold.Allowed"/> is
    /// false beyond the limit — never for a delivery whose message already has one held.
    /// </summary>
    public Hold Enter(MessageKey key)
    {
        lock (_held)
        {
            _held.TryGetValue(key, out var holds);
            _held[key] = holds + 1;
            if (holds > 0)
            {
                return new Hold(this, key, allowed: true);
            }

            return new Hold(this, key, allowed: Interlocked.Increment(ref _count) <= Limit);
        }
    }

    private void Leave(MessageKey key)
    {
        lock (_held)
        {
            var holds = _held[key] - 1;
            if (holds > 0)
            {
                _held[key] = holds;
                return;
            }

            _held.Remove(key);
            Interlocked.Decrement(ref _count);
        }
    }

    public sealed class Hold(WaitingDeliveries gauge, MessageKey key, bool allowed) : IDisposable
    {
        private int _left;

        public bool Allowed { get; } = allowed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                gauge.Leave(key);
            }
        }
    }
}
