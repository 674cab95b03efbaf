namespace WeChatGpt.Application.Common.Exceptions;

public enum ThrottleReason
{
    /// <summary>More requests in the last minute than allowed.</summary>
    RateLimited,

    /// <summary>An earlier request of the same key is still running.</summary>
    Busy,

    /// <summary>The follower spent today's tokens (<c>Chat:DailyTokensPerFollower</c>).</summary>
    DailyBudget,
}

/// <summary>A throttled request was rejected before reaching its handler.</summary>
public sealed class ThrottledException(ThrottleReason reason, TimeSpan? retryAfter)
    : Exception(reason switch
    {
        ThrottleReason.Busy => "An earlier request is still running.",
        ThrottleReason.DailyBudget => "Today's tokens are spent.",
        _ => "Too many requests.",
    })
{
    public ThrottleReason Reason { get; } = reason;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
