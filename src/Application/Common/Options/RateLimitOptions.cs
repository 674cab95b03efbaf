namespace WeChatGpt.Application.Common.Options;

/// <summary>Per-follower protection (section <c>RateLimit</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Questions a follower may ask per minute.</summary>
    public int PermitsPerMinute { get; set; } = 10;
}
