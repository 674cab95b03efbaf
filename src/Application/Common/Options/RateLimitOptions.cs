namespace WeChatGpt.Application.Common.Options;

/// <summary>Per-follower protection (section <c>RateLimit</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Questions a follower may ask per minute.</summary>
    public int PermitsPerMinute { get; set; } = 10;

    /// <summary>Failed admin or API sign-ins one IP may make within <see cref="AuthFailureWindow"/> before it gets 429.</summary>
    public int AuthFailures { get; set; } = 10;

    /// <summary>How long failed sign-ins are remembered per IP.</summary>
    public TimeSpan AuthFailureWindow { get; set; } = TimeSpan.FromMinutes(15);
}
