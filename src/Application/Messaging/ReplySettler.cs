using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Messaging.PushAnswer;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Settles replies through the ledger (which decides), counts the ones that won for the owner's figures, and
/// starts the customer-service push a settlement kept — after its transaction committed, so that the push job
/// always finds the answer.
/// </summary>
public sealed class ReplySettler(IDeliveryLedger ledger, CustomerServicePusher pusher, WeChatGptMetrics metrics)
{
    /// <param name="deadline">
    /// Never WeChat hanging up (what was decided must be kept): a delivery's deadline, after which a settlement that
    /// could not run yet (storage busy) is given up with <c>StorageBusyException</c>. None: wait for storage.
    /// </param>
    public async Task<Settled> SettleAsync(Settlement settlement, CancellationToken deadline = default)
    {
        var settled = await ledger.SettleAsync(settlement, deadline);
        if (settled.Won)
        {
            metrics.ReplySettled(settlement.Outcome);
        }

        if (settled.Kept is Keep.Push push)
        {
            await pusher.StartAsync(push.Answer.Key, CancellationToken.None);
        }

        return settled;
    }
}
