using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// The real ledger, with the settlements <paramref name="slow"/> picks taking <paramref name="delay"/> (on the app's
/// clock) longer: before they are written (<paramref name="afterWrite"/> false: storage that takes its time) or after
/// (true: written, but the delivery learns it late — a crowd's writer queue, a starved thread pool).
/// </summary>
public sealed class SlowSettlesLedger(IDeliveryLedger inner, TimeProvider clock, Func<Settlement, bool> slow, TimeSpan delay, bool afterWrite) : IDeliveryLedger
{
    /// <summary>
    /// The deliveries whose record is written, yet learnt of only after the caller gave up (its token fired first: a
    /// busy store's queue that committed the write after all).
    /// </summary>
    public Func<MessageKey, bool>? RecordedLate { get; init; }

    /// <summary>The deliveries whose record is not written: storage stayed busy.</summary>
    public Func<MessageKey, bool>? NotRecorded { get; init; }

    public async Task<DeliveryRecord> RecordAsync(MessageKey key, string openId, string kind, DateTimeOffset now, string owner, string? query, bool late, CancellationToken cancellationToken)
    {
        if (NotRecorded?.Invoke(key) == true)
        {
            throw new Application.Common.Exceptions.StorageBusyException(TimeSpan.FromSeconds(4));
        }

        if (RecordedLate?.Invoke(key) != true)
        {
            return await inner.RecordAsync(key, openId, kind, now, owner, query, late, cancellationToken);
        }

        await inner.RecordAsync(key, openId, kind, now, owner, query, late, CancellationToken.None);
        await Task.Delay(Timeout.InfiniteTimeSpan, clock, cancellationToken);
        throw new InvalidOperationException("Unreachable: the delay ends only by its token.");
    }

    public async Task<Settled> SettleAsync(Settlement settlement, CancellationToken cancellationToken)
    {
        var isSlow = slow(settlement);
        if (isSlow && !afterWrite)
        {
            await Task.Delay(delay, clock, CancellationToken.None);
        }

        var settled = await inner.SettleAsync(settlement, cancellationToken);
        if (isSlow && afterWrite)
        {
            await Task.Delay(delay, clock, CancellationToken.None);
        }

        return settled;
    }

    public Task<Reply?> WaitForReplyAsync(MessageKey key, DateTimeOffset until, CancellationToken cancellationToken) => inner.WaitForReplyAsync(key, until, cancellationToken);

    public Task<DeliveryRecord?> FindAsync(MessageKey key, CancellationToken cancellationToken) => inner.FindAsync(key, cancellationToken);

    public Task<UnreadAnswer?> FindUnreadAnswerAsync(string openId, TimeSpan hold, CancellationToken cancellationToken) => inner.FindUnreadAnswerAsync(openId, hold, cancellationToken);

    public Task AbandonedAsync(MessageKey key, DateTimeOffset seenAt, TimeSpan hold, CancellationToken cancellationToken) => inner.AbandonedAsync(key, seenAt, hold, cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PruneAsync(before, cancellationToken);
}
