namespace WeChatGpt.Domain.Voice;

public enum MediaKind
{
    /// <summary>Temporary media: WeChat keeps it 3 days.</summary>
    Temporary = 0,

    /// <summary>Permanent material: counts against the account's library cap until deleted.</summary>
    Permanent = 1,
}
