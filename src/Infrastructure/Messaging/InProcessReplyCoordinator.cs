using System.Collections.Concurrent;
using System.Text;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>
/// The reply coordinator for one instance: active work, answer streams and reply signals in memory.
/// Replies themselves are fixed in the database ledger; this only makes waiting instant.
/// </summary>
internal sealed class InProcessReplyCoordinator(TimeProvider clock) : IReplyCoordinator
{
    private static readonly TimeSpan FixedReplyLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WaitSlotLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<MessageKey, Work> _active = new();
    private readonly ConcurrentDictionary<MessageKey, Stream> _streams = new();
    private readonly ConcurrentDictionary<MessageKey, MessageKey> _follows = new();
    private readonly ConcurrentDictionary<MessageKey, ReplySlot> _replies = new();
    private readonly ConcurrentDictionary<MessageKey, Reply> _fallbacks = new();
    private long _nextSweepTicks;

    public bool TryBegin(MessageKey key) => _active.TryAdd(key, new Work());

    public void Recorded(MessageKey key)
    {
        if (_active.TryGetValue(key, out var work))
        {
            work.Recorded.TrySetResult();
        }
    }

    public Task WaitForRecordedAsync(MessageKey key, CancellationToken cancellationToken) =>
        _active.TryGetValue(key, out var work) ? work.Recorded.Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    public bool IsActive(MessageKey key) => _active.ContainsKey(key);

    public void End(MessageKey key)
    {
        _streams.TryRemove(key, out _);
        _follows.TryRemove(key, out _);
        _fallbacks.TryRemove(key, out _);
        if (_active.TryRemove(key, out var ended))
        {
            ended.Recorded.TrySetResult();
            ended.Ended.TrySetResult();
        }
    }

    public Task WaitForEndAsync(MessageKey key, CancellationToken cancellationToken) =>
        _active.TryGetValue(key, out var work) ? work.Ended.Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    public void OpenStream(MessageKey key) => _streams[key] = new Stream();

    public void Append(MessageKey key, string delta)
    {
        if (_streams.TryGetValue(key, out var stream))
        {
            lock (stream)
            {
                stream.Text.Append(delta);
            }
        }
    }

    public void Restart(MessageKey key)
    {
        if (_streams.TryGetValue(key, out var stream))
        {
            lock (stream)
            {
                stream.Text.Clear();
                stream.Cut = 0;
            }
        }
    }

    public bool IsStreaming(MessageKey key) => _streams.TryGetValue(key, out var stream) && !stream.Closed;

    public void Follow(MessageKey key, MessageKey streamKey) => _follows[key] = streamKey;

    public MessageKey StreamOf(MessageKey key) => _follows.TryGetValue(key, out var stream) ? stream : key;

    public StreamCut? TryCut(MessageKey streamKey, MessageKey requester, Func<string, int> choose)
    {
        if (!_streams.TryGetValue(streamKey, out var stream))
        {
            return null;
        }

        lock (stream)
        {
            if (stream.Closed)
            {
                return null;
            }

            if (stream.LastCut is { } previous && stream.LastCutBy == requester)
            {
                return previous;
            }

            var fresh = stream.Text.ToString(stream.Cut, stream.Text.Length - stream.Cut);
            var take = Math.Clamp(choose(fresh), 0, fresh.Length);
            var cut = new StreamCut(fresh[..take], stream.Cut);
            stream.Cut += take;
            stream.LastCut = cut;
            stream.LastCutBy = requester;
            return cut;
        }
    }

    public StreamClosed CloseStream(MessageKey key)
    {
        if (!_streams.TryGetValue(key, out var stream))
        {
            return new StreamClosed(0, string.Empty);
        }

        lock (stream)
        {
            stream.Closed = true;
            return new StreamClosed(stream.Cut, stream.Text.ToString());
        }
    }

    public void SetFallback(MessageKey key, Reply reply) => _fallbacks[key] = reply;

    public Reply? FallbackOf(MessageKey key) => _fallbacks.TryGetValue(key, out var reply) ? reply : null;

    public void ReplyFixed(MessageKey key, Reply reply)
    {
        var slot = _replies.GetOrAdd(key, _ => new ReplySlot(clock.GetUtcNow()));
        slot.FixedAt = clock.GetUtcNow();
        slot.Reply.TrySetResult(reply);
        MaybeSweep();
    }

    public async Task<Reply?> WaitForReplyAsync(MessageKey key, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var slot = _replies.GetOrAdd(key, _ => new ReplySlot(clock.GetUtcNow()));
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

    /// <summary>Drops old reply slots, at most once per <see cref="SweepInterval"/> (the map can hold tens of thousands).</summary>
    private void MaybeSweep()
    {
        var now = clock.GetUtcNow();
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var (key, slot) in _replies)
        {
            var expired = slot.FixedAt is { } fixedAt ? now - fixedAt > FixedReplyLifetime : now - slot.CreatedAt > WaitSlotLifetime;
            if (expired)
            {
                _replies.TryRemove(new KeyValuePair<MessageKey, ReplySlot>(key, slot));
            }
        }
    }

    private sealed class Stream
    {
        public StringBuilder Text { get; } = new();

        public int Cut { get; set; }

        public bool Closed { get; set; }

        public StreamCut? LastCut { get; set; }

        public MessageKey? LastCutBy { get; set; }
    }

    private sealed class ReplySlot(DateTimeOffset createdAt)
    {
        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset? FixedAt { get; set; }

        public TaskCompletionSource<Reply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Work registered for a key: when its first delivery is in the ledger, and when it is done.</summary>
    private sealed class Work
    {
        public TaskCompletionSource Recorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
