namespace WeChatGpt.Application.Admin;

/// <summary>Tokens spent, from the stored turns: per day and model, per follower, and one follower's today.</summary>
public interface IUsageStore
{
    /// <summary>Per owner's day (by the zone's offset <paramref name="utcOffset"/>) and model, from <paramref name="from"/> on.</summary>
    Task<IReadOnlyList<DailyModelUsage>> PerDayAsync(DateTimeOffset from, TimeSpan utcOffset, CancellationToken cancellationToken);

    /// <summary>Per follower and model between <paramref name="from"/> and <paramref name="to"/>.</summary>
    Task<IReadOnlyList<FollowerModelUsage>> PerFollowerAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Tokens (prompt and completion) one follower spent since <paramref name="from"/>.</summary>
    Task<long> SpentAsync(string openId, DateTimeOffset from, CancellationToken cancellationToken);
}

/// <param name="Estimated">How many of the turns counted had no count from the endpoint (the product's estimate).</param>
public sealed record DailyModelUsage(DateOnly Day, string Model, long PromptTokens, long CompletionTokens, int Turns, int Estimated);

public sealed record FollowerModelUsage(string OpenId, string Model, long PromptTokens, long CompletionTokens);
