using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Fixes a key's reply in the ledger (the first reply wins) and wakes the deliveries waiting for it.
/// Everything that decides a reply goes through here.
/// </summary>
public sealed class ReplyFixer(IDeliveryLedger ledger, IReplyCoordinator coordinator, WeChatGptMetrics metrics, TimeProvider clock)
{
    /// <param name="outcome">What the reply is, for the owner's figures.</param>
    /// <returns>The key's reply: this one, or the one fixed before.</returns>
    public async Task<Reply> FixAsync(MessageKey key, Reply reply, ReplyOutcome outcome)
    {
        // Never cancelled: what was decided must be kept, whoever hung up.
        var winner = await ledger.CompleteAsync(key, reply, outcome, clock.GetUtcNow(), CancellationToken.None);
        coordinator.ReplyFixed(key, winner);
        if (winner.Equals(reply))
        {
            metrics.ReplyFixed(outcome);
        }

        return winner;
    }
}
