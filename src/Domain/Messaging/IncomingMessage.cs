namespace WeChatGpt.Domain.Messaging;

/// <summary>A message or event pushed by WeChat, after decryption and parsing.</summary>
public abstract record IncomingMessage
{
    /// <summary>The account's original id (<c>gh_…</c>).</summary>
    public required string ToUserName { get; init; }

    /// <summary>The follower's OpenID.</summary>
    public required string FromUserName { get; init; }

    /// <summary>Unix seconds, as sent by WeChat.</summary>
    public required long CreateTime { get; init; }

    public string OpenId => FromUserName;

    /// <summary>The wire <c>MsgType</c> (and <c>Event</c> for events), for logs and the ledger.</summary>
    public abstract string Kind { get; }

    public abstract MessageKey Key { get; }
}

/// <summary>A user message (not an event): carries WeChat's <c>MsgId</c>.</summary>
public abstract record UserMessage : IncomingMessage
{
    public required long MsgId { get; init; }

    public override MessageKey Key => MessageKey.ForMessage(MsgId);
}

/// <summary>An event push: deduplicated by sender and creation time.</summary>
public abstract record EventMessage : IncomingMessage
{
    public override MessageKey Key => MessageKey.ForEvent(FromUserName, CreateTime);
}
