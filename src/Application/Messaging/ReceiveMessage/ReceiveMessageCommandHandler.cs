using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.ReceiveMessage;

/// <summary>
/// One delivery of a message. The delivery ledger decides: the delivery that creates the message's row is its
/// first, routes it (a reply now, or background work owned by this process life) and waits in the reply window;
/// a later delivery finds the row — its reply when settled; waits when the work's owner lives; "interrupted"
/// when the life that owned the work is gone.
/// </summary>
internal sealed class ReceiveMessageCommandHandler(
    IDeliveryLedger ledger,
    IProcessLife life,
    MessageRouter router,
    ReplyWindow window,
    ReplySettler settler,
    IOptionsMonitor<TextsOptions> texts,
    WeChatGptMetrics metrics,
    TimeProvider clock,
    ILogger<ReceiveMessageCommandHandler> logger)
    : RequestHandlerBase<ReceiveMessageCommand, Reply>
{
    protected override async Task<Reply> HandleAsync(ReceiveMessageCommand request, CancellationToken cancellationToken)
    {
        var message = request.Message;
        var key = message.Key;

        // Ledger writes are not cancelled by WeChat hanging up: what was decided must be kept.
        var record = await ledger.RecordAsync(key, message.OpenId, message.Kind, request.ReceivedAt, life.Id, CancellationToken.None);
        if (record.IsFirst)
        {
            metrics.MessageReceived(message.Kind);
        }
        else
        {
            metrics.Redelivered();
        }

        if (record.Reply is { } settled)
        {
            logger.LogInformation("Delivery {Count} of {Key}: reply already settled", record.Count, key);
            return settled;
        }

        if (!record.IsFirst)
        {
            if (record.Owner != life.Id && !await life.IsAliveAsync(record.Owner, CancellationToken.None))
            {
                logger.LogWarning("Delivery {Count} of {Key}: its work was lost with the process life that owned it", record.Count, key);
                return (await settler.SettleAsync(new Settlement(key, Reply.Text(texts.CurrentValue.Interrupted), ReplyOutcome.Interrupted, clock.GetUtcNow()))).Winner;
            }

            logger.LogDebug("Delivery {Count} of {Key}: waiting in the reply window", record.Count, key);
            return await window.AwaitAsync(message, record, request.ReceivedAt, cancellationToken);
        }

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
            return (await settler.SettleAsync(new Settlement(key, immediate.Reply, immediate.Outcome, clock.GetUtcNow()))).Winner;
        }

        return await window.AwaitAsync(message, record, request.ReceivedAt, cancellationToken);
    }
}
