using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// The delivery ledger: one row per inbound message key, in the database, so that one message is
/// one piece of work across WeChat's redeliveries, concurrent requests, instances and restarts.
/// </summary>
public interface IDeliveryLedger
{
    /// <summary>
    /// Records a delivery atomically: the first call for a key creates its row (<see cref="DeliveryRecord.IsFirst"/>),
    /// later calls count a redelivery. Returns the row as it is after this delivery.
    /// </summary>
    Task<DeliveryRecord> RecordAsync(MessageKey key, string openId, string kind, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Fixes the key's reply; the first reply wins and is returned to every caller.</summary>
    Task<Reply> CompleteAsync(MessageKey key, Reply reply, ReplyOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeliveryRecord?> FindAsync(MessageKey key, CancellationToken cancellationToken);

    /// <summary>Deletes rows first seen before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <param name="Count">How many deliveries of the key were seen, this one included.</param>
/// <param name="Reply">The fixed reply, once there is one.</param>
public sealed record DeliveryRecord(MessageKey Key, int Count, DateTimeOffset FirstSeenAt, DeliveryState State, Reply? Reply)
{
    public bool IsFirst => Count == 1;
}
