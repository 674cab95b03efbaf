namespace WeChatGpt.Domain.Messaging;

/// <summary>
/// Identifies one inbound message across WeChat's redeliveries: <c>MsgId</c> for messages,
/// <c>FromUserName</c> + <c>CreateTime</c> for events (wechat-protocol.md §3 "Dedupe").
/// </summary>
public readonly record struct MessageKey
{
    private MessageKey(string value) => Value = value;

    public string Value { get; }

    public static MessageKey ForMessage(long msgId) => new($"m:{msgId}");

    public static MessageKey ForEvent(string fromUserName, long createTime) => new($"e:{fromUserName}:{createTime}");

    /// <summary>How the keys of work that came through the consumer API begin (<see cref="ForApi"/>).</summary>
    public const string ApiPrefix = "a:";

    /// <summary>A key for work that did not come through the webhook (the consumer API).</summary>
    public static MessageKey ForApi(Guid id) => new($"{ApiPrefix}{id:N}");

    public static MessageKey Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return new MessageKey(value);
    }

    /// <summary>
    /// The key as logs show it: an event key carries the follower's OpenID, which is personal data, so
    /// only its first six characters are kept. Use <see cref="Value"/> to store or compare a key.
    /// </summary>
    public override string ToString()
    {
        if (!Value.StartsWith("e:", StringComparison.Ordinal))
        {
            return Value;
        }

        var last = Value.LastIndexOf(':');
        var openId = Value[2..last];
        return openId.Length <= 6 ? $"e:***{Value[last..]}" : $"e:{openId[..6]}…{Value[last..]}";
    }
}
