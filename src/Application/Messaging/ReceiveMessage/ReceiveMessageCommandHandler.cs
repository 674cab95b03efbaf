using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.Application.Messaging.ReceiveMessage;

/// <summary>
/// One delivery of a message. The delivery ledger makes a message one piece of work: the first delivery
/// routes it (a reply now, or background work), every delivery then waits in the reply window.
/// </summary>
internal sealed class ReceiveMessageCommandHandler(
    IDeliveryLedger ledger,
    IReplyCoordinator coordinator,
    MessageRouter router,
    ReplyWindow window,
    ReplyFixer fixer,
    IOptionsMonitor<TextsOptions> texts,
    WeChatGptMetrics metrics,
    ILogger<ReceiveMessageCommandHandler> logger)
    : RequestHandlerBase<ReceiveMessageCommand, Reply>
{
    protected override async Task<Reply> HandleAsync(ReceiveMessageCommand request, CancellationToken cancellationToken)
    {
        var message = request.Message;
        var key = message.Key;

        // Claimed in this process before the ledger is asked: a concurrent delivery of the same key then
        // knows that the work is here, and records itself only after the claimant has, so that the claimant's
        // delivery is the ledger's first unless one came before this process (then the work was lost).
        var claimed = coordinator.TryBegin(key);
        DeliveryRecord record;
        try
        {
            // Ledger writes are not cancelled by WeChat hanging up: what was decided must be kept.
            if (!claimed)
            {
                await coordinator.WaitForRecordedAsync(key, CancellationToken.None);
            }

            record = await ledger.RecordAsync(key, message.OpenId, message.Kind, request.ReceivedAt, CancellationToken.None);
            if (claimed)
            {
                coordinator.Recorded(key);
            }
        }
        catch
        {
            if (claimed)
            {
                coordinator.End(key);
            }

            throw;
        }

        if (record.IsFirst)
        {
            metrics.MessageReceived(message.Kind);
        }
        else
        {
            metrics.Redelivered();
        }

        if (record.Reply is { } fixedReply)
        {
            if (claimed)
            {
                coordinator.End(key);
            }

            logger.LogInformation("Delivery {Count} of {Key}: reply already fixed", record.Count, key);
            return fixedReply;
        }

        if (claimed && !record.IsFirst)
        {
            // Seen before this claim and unanswered: every delivery here records after the claimant, so that
            // one came to an earlier life of the process, and its work stopped with it.
            coordinator.End(key);
            logger.LogWarning("Delivery {Count} of {Key}: its work was lost with a restart", record.Count, key);
            return await fixer.FixAsync(key, Reply.Text(texts.CurrentValue.Interrupted), ReplyOutcome.Interrupted);
        }

        if (claimed)
        {
            RoutedReply? immediate;
            try
            {
                immediate = await router.RouteAsync(message);
            }
            catch (Exception ex)
            {
                // Redeliveries get the same apology, not a second attempt.
                logger.LogWarning("Routing {Key} failed: {ErrorType}: {Error}", key, ex.GetType().Name, ex.Message);
                immediate = new RoutedReply(Reply.Text(texts.CurrentValue.Apology), ReplyOutcome.Failed);
            }

            if (immediate is not null)
            {
                try
                {
                    return await fixer.FixAsync(key, immediate.Reply, immediate.Outcome);
                }
                finally
                {
                    coordinator.End(key);
                }
            }
        }

        logger.LogDebug("Delivery {Count} of {Key}: waiting in the reply window", record.Count, key);
        return await window.AwaitAsync(message, record, request.ReceivedAt, cancellationToken);
    }
}
