namespace WeChatGpt.Application.Common.Interfaces;

/// <summary>
/// Per-key throttling state. An in-process implementation serves one instance; a database-backed
/// one serves several, so callers never assume one process.
/// </summary>
public interface IRateLimiter
{
    /// <summary>Takes one permit of the key's per-minute budget; on refusal says when to retry.</summary>
    ValueTask<RateLimitDecision> TryAcquireAsync(string key, CancellationToken cancellationToken);

    /// <summary>Marks the key busy; returns null when it already is. Dispose the lease to release it.</summary>
    ValueTask<IAsyncDisposable?> TryEnterAsync(string key, CancellationToken cancellationToken);
}

public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, TimeSpan.Zero);
}
