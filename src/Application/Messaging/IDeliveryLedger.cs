using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// The delivery ledger: one row per inbound message key, in the database. It alone decides whether a delivery
/// is a message's first, which life of the process owns its work, and which reply is the message's: one message
/// is one piece of work across WeChat's redeliveries, concurrent requests, instances and restarts.
/// </summary>
public interface IDeliveryLedger
{
    /// <summary>
    /// Records a delivery atomically: the first call for a key creates its row, owned by <paramref name="owner"/>
    /// (<see cref="DeliveryRecord.IsFirst"/>); later calls count a redelivery. Returns the row after this delivery.
    /// A signed query carries one message: the first key recorded with <paramref name="query"/> keeps it, and a
    /// delivery of another key under it throws <see cref="SignedQueryReusedException"/>. The token is a deadline:
    /// when it fires before the write could run (storage busy), nothing is written (<c>StorageBusyException</c>).
    /// </summary>
    /// <param name="query">A fingerprint of the push's signed query (signature, timestamp, nonce); null outside the webhook.</param>
    /// <param name="late">
    /// Read after WeChat's last delivery of the message can have stopped waiting (a crowd's queue): when the reply is
    /// already settled it is handed out, but this delivery does not count as one that may have shown it, so that the
    /// answer stays "继续"'s.
    /// </param>
    Task<DeliveryRecord> RecordAsync(MessageKey key, string openId, string kind, DateTimeOffset now, string owner, string? query, bool late, CancellationToken cancellationToken);

    /// <summary>Settles a key's reply with what it keeps for "继续", in one transaction; the first settlement wins.</summary>
    Task<Settled> SettleAsync(Settlement settlement, CancellationToken cancellationToken);

    /// <summary>
    /// Completes with the key's reply once it is settled (at once if it already was), or null at <paramref name="until"/>.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires (WeChat hung up).
    /// </summary>
    Task<Reply?> WaitForReplyAsync(MessageKey key, DateTimeOffset until, CancellationToken cancellationToken);

    Task<DeliveryRecord?> FindAsync(MessageKey key, CancellationToken cancellationToken);

    /// <summary>
    /// The follower's latest answer when no delivery can have shown it: it was settled in full after every delivery
    /// seen had stopped waiting (later than the last one's time plus <paramref name="hold"/>, and none came after) —
    /// WeChat gave up on the message (a crowd, a dead instance) while its answer was still being written. A "继续"
    /// then gets it, marking it read (<see cref="Settlement.Reads"/>). Null when there is none, or it is not a text.
    /// Also the last delivery's partial reply when WeChat hung up on that delivery (it was abandoned): what it cut from
    /// the answer was taken from what "继续" finds, and no one read it.
    /// </summary>
    Task<UnreadAnswer?> FindUnreadAnswerAsync(string openId, TimeSpan hold, CancellationToken cancellationToken);

    /// <summary>
    /// WeChat hung up on the delivery recorded at <paramref name="seenAt"/> before it could take a reply: unless a
    /// later delivery came meanwhile, it does not count as one that may have shown the answer, which is then unread
    /// if nothing else shows it (<see cref="FindUnreadAnswerAsync"/>).
    /// </summary>
    Task AbandonedAsync(MessageKey key, DateTimeOffset seenAt, TimeSpan hold, CancellationToken cancellationToken);

    /// <summary>Deletes rows first seen before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <param name="Key">The message the answer belongs to.</param>
/// <param name="Reply">Its settled reply: the answer's text, or its drawn image — or the partial reply no one read.</param>
/// <param name="Partial">The reply is the last delivery's partial one (<see cref="Domain.Messaging.ReplyOutcome.Partial"/>).</param>
public sealed record UnreadAnswer(MessageKey Key, Reply Reply, bool Partial = false);

/// <summary>A signed query already carried another message: a replay with a different body.</summary>
public sealed class SignedQueryReusedException() : Exception("The signed query already carried another message.");

/// <param name="Count">How many deliveries of the key were seen, this one included.</param>
/// <param name="Owner">The process life that owns the key's work (null for rows from before lives were recorded).</param>
/// <param name="Reply">The settled reply, once there is one.</param>
public sealed record DeliveryRecord(MessageKey Key, int Count, DateTimeOffset FirstSeenAt, string? Owner, Reply? Reply)
{
    public bool IsFirst => Count == 1;
}
