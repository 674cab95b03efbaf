using System.Collections.Concurrent;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>
/// Wakes the deliveries of a message waiting in this process when its reply is settled. A reply settled before
/// anyone waits is kept for a while, so that a delivery that starts waiting just after still finds it.
/// </summary>
internal sealed class ReplySignals(TimeProvider clock)
{
    private static readonly TimeSpan SettledLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WaitLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<MessageKey, Slot> _slots = new();
    private long _nextSweepTicks;

    public void Settled(MessageKey key, Reply reply)
    {
        var slot = _slots.GetOrAdd(key, _ => new Slot(clock.GetUtcNow()));
        slot.SettledAt = clock.GetUtcNow();
        slot.Reply.TrySetResult(reply);
        MaybeSweep();
    }

    /// <summary>Whether a delivery here waits for this key's reply and has not got it yet (another instance's NOTIFY is then worth a read).</summary>
    public bool Awaits(MessageKey key) => _slots.TryGetValue(key, out var slot) && !slot.Reply.Task.IsCompleted;

    public async Task<Reply?> WaitAsync(MessageKey key, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(key, _ => new Slot(clock.GetUtcNow()));
        MaybeSweep();
        if (slot.Reply.Task.IsCompleted)
        {
            return slot.Reply.Task.Result;
        }

        var wait = until - clock.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        try
        {
            return await slot.Reply.Task.WaitAsync(wait, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Drops old slots, at most once per <see cref="SweepInterval"/> (the map can hold tens of thousands).</summary>
    private void MaybeSweep()
    {
        var now = clock.GetUtcNow();
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var (key, slot) in _slots)
        {
            var expired = slot.SettledAt is { } settledAt ? now - settledAt > SettledLifetime : now - slot.CreatedAt > WaitLifetime;
            if (expired)
            {
                _slots.TryRemove(new KeyValuePair<MessageKey, Slot>(key, slot));
            }
        }
    }

    private sealed class Slot(DateTimeOffset createdAt)
    {
        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset? SettledAt { get; set; }

        public TaskCompletionSource<Reply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
