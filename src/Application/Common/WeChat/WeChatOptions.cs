namespace WeChatGpt.Application.Common.WeChat;

public enum ReplyMode
{
    /// <summary>Only passive replies, inside WeChat's reply window (every account).</summary>
    Passive,

    /// <summary>Passive when ready in time, otherwise pushed through the customer-service API (verified accounts).</summary>
    CustomerService,
}

/// <summary>How the account's pushes are encrypted (the console's 消息加解密方式).</summary>
public enum EncryptionMode
{
    /// <summary>明文模式: pushes in plain XML.</summary>
    Plaintext,

    /// <summary>兼容模式: WeChat sends both, while an account switches; either is accepted.</summary>
    Compatible,

    /// <summary>安全模式: only encrypted pushes; a plaintext push is refused (it could be a downgrade).</summary>
    Safe,
}

/// <summary>The official account and its webhook (section <c>WeChat</c>).</summary>
public sealed class WeChatOptions
{
    public const string SectionName = "WeChat";

    /// <summary>The token set in the WeChat admin console (required).</summary>
    public string Token { get; set; } = string.Empty;

    public string? AppId { get; set; }

    public string? AppSecret { get; set; }

    /// <summary>43-character key for compatible and safe mode.</summary>
    public string? EncodingAesKey { get; set; }

    /// <summary>The key before the latest rotation: messages encrypted with it are still accepted.</summary>
    public string? PreviousEncodingAesKey { get; set; }

    /// <summary>As configured in the console; unset: <see cref="EncryptionMode.Safe"/> with an <see cref="EncodingAesKey"/>, else plaintext.</summary>
    public EncryptionMode? EncryptionMode { get; set; }

    /// <summary>The mode in force.</summary>
    public EncryptionMode Encryption =>
        EncryptionMode ?? (string.IsNullOrEmpty(EncodingAesKey) ? WeChat.EncryptionMode.Plaintext : WeChat.EncryptionMode.Safe);

    public Uri ApiBaseUrl { get; set; } = new("https://api.weixin.qq.com");

    public ReplyMode ReplyMode { get; set; } = ReplyMode.Passive;

    /// <summary>How long one delivery waits for the answer before WeChat's 5-second cut-off.</summary>
    public TimeSpan ReplyDeadline { get; set; } = TimeSpan.FromSeconds(4.5);

    /// <summary>WeChat delivers a message at most this many times; the last delivery never goes unanswered.</summary>
    public int MaxDeliveries { get; set; } = 3;

    /// <summary>How long WeChat waits for each delivery before it hangs up.</summary>
    public static readonly TimeSpan WeChatWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The earliest moment WeChat's last wait for a message it created at <paramref name="createTime"/> (its
    /// <c>CreateTime</c>, in whole seconds) can end: <see cref="MaxDeliveries"/> × 5 s after it. A reply written later
    /// may reach no one.
    /// </summary>
    public DateTimeOffset LastWaitMayEnd(long createTime) =>
        DateTimeOffset.FromUnixTimeSeconds(createTime) + (MaxDeliveries * WeChatWait);

    /// <summary>
    /// Deliveries held open at once (read at start); beyond it a delivery of a question still being answered gets
    /// <c>Texts:Crowded</c> at once instead of a held socket. <c>0</c>: three quarters of the open-file limit.
    /// </summary>
    public int MaxWaitingDeliveries { get; set; }

    /// <summary>A delivery this long after the first is treated as the last one, even if an earlier one was lost.</summary>
    public TimeSpan LastDeliveryAfter { get; set; } = TimeSpan.FromSeconds(9);

    /// <summary>Largest passive text reply, in UTF-8 bytes (WeChat cuts longer ones).</summary>
    public int MaxReplyBytes { get; set; } = 2047;

    /// <summary>Allow only WeChat's callback IPs to POST to the webhook.</summary>
    public bool VerifySourceIp { get; set; }

    /// <summary>Requests whose timestamp is further than this from our clock are rejected (replay protection).</summary>
    public TimeSpan MaxTimestampSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest accepted webhook body.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}
