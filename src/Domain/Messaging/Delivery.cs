using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Domain.Messaging;

/// <summary>
/// The delivery ledger's row for one inbound message key: when it was first seen, how many times WeChat
/// delivered it, which process life owns its work, and its reply once settled. One key is one piece of work,
/// also across restarts and instances. The rows are written by single statements (record, settle): this type
/// is how the model, the figures and the tests read them.
/// </summary>
public sealed class Delivery
{
    private Delivery()
    {
        Key = string.Empty;
        OpenId = string.Empty;
        Kind = string.Empty;
    }


    public string Key { get; private set; }

    public string OpenId { get; private set; }

    public string Kind { get; private set; }

    public DateTimeOffset FirstSeenAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>How many times WeChat delivered this key (1 for the first delivery).</summary>
    public int Count { get; private set; }

    public DeliveryState State { get; private set; }

    public Reply? Reply { get; private set; }

    public DateTimeOffset? RepliedAt { get; private set; }

    public ReplyOutcome Outcome { get; private set; }

    /// <summary>The process life that owns the message's work (null for rows from before lives were recorded).</summary>
    public string? Owner { get; private set; }

    /// <summary>A fingerprint of the signed query the message first came with: that query carries no other message.</summary>
    public string? Query { get; private set; }
}
