namespace WeChatGpt.Domain.Admin;

public enum KeywordMatch
{
    /// <summary>The whole message (trimmed, case-insensitive, trailing 。？！ ignored), or a menu CLICK key.</summary>
    Exact = 0,

    /// <summary>The message contains the keyword (case-insensitive).</summary>
    Contains = 1,
}
