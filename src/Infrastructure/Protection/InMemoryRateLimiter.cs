using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Application.Common.Options;

namespace WeChatGpt.Infrastructure.Protection;

/// <summary>
/// Per-key sliding one-minute window and busy flags, in this process. One instance only; several
/// instances need the database-backed limiter.
/// </summary>
internal sealed class InMemoryRateLimiter(IOptionsMonitor<RateLimitOptions> options, TimeProvider clock) : IRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _busy = new(StringComparer.Ordinal);
    private int _acquisitions;

    public ValueTask<RateLimitDecision> TryAcquireAsync(string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var permits = options.CurrentValue.PermitsPerMinute;
        var window = _windows.GetOrAdd(key, static _ => new Queue<DateTimeOffset>());
        RateLimitDecision decision;
        lock (window)
        {
            while (window.Count > 0 && window.Peek() <= now - Window)
            {
                window.Dequeue();
            }

            if (window.Count < permits)
            {
                window.Enqueue(now);
                decision = RateLimitDecision.Allow;
            }
            else
            {
                decision = new RateLimitDecision(false, window.Peek() + Window - now);
            }
        }

        if (Interlocked.Increment(ref _acquisitions) % SweepEvery == 0)
        {
            Sweep(now);
        }

        return ValueTask.FromResult(decision);
    }

    public ValueTask<IAsyncDisposable?> TryEnterAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IAsyncDisposable?>(_busy.TryAdd(key, 0) ? new Lease(this, key) : null);

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
        {
            lock (window)
            {
                if (window.Count == 0 || window.Peek() <= now - Window)
                {
                    _windows.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, window));
                }
            }
        }
    }

    private sealed class Lease(InMemoryRateLimiter owner, string key) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner._busy.TryRemove(key, out _);
            }

            return ValueTask.CompletedTask;
        }
    }
}
