using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Domain.Messaging;

/// <summary>
/// The delivery ledger's row for one inbound message key: when it was first seen, how many times
/// WeChat delivered it, and the reply once it is fixed. One key is one piece of work, also across restarts.
/// </summary>
public sealed class Delivery
{
    private Delivery()
    {
        Key = string.Empty;
        OpenId = string.Empty;
        Kind = string.Empty;
    }

    public Delivery(MessageKey key, string openId, string kind, DateTimeOffset now)
    {
        Key = key.Value;
        OpenId = openId;
        Kind = kind;
        FirstSeenAt = now;
        LastSeenAt = now;
        Count = 1;
        State = DeliveryState.Pending;
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

    public void Redelivered(DateTimeOffset now)
    {
        Count++;
        LastSeenAt = now;
    }

    /// <summary>Fixes the reply. The first reply wins: a later call keeps the earlier one.</summary>
    public Reply Complete(Reply reply, ReplyOutcome outcome, DateTimeOffset now)
    {
        if (State == DeliveryState.Replied && Reply is not null)
        {
            return Reply;
        }

        Reply = reply;
        Outcome = outcome;
        RepliedAt = now;
        State = DeliveryState.Replied;
        return reply;
    }
}
