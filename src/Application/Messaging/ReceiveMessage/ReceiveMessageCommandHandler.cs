using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.ReceiveMessage;

/// <summary>
/// One delivery of a message. The delivery ledger decides: the delivery that creates the message's row is its
/// first, routes it (a reply now, or background work owned by this process life) and waits in the reply window;
/// a later delivery finds the row — its reply when settled; waits when the work's owner lives; what that owner
/// shared of the answer (else "interrupted") when the life that owned the work is gone. Every store call here runs under the delivery's deadline: when
/// storage cannot answer in time, the delivery still answers in its window (see <see cref="ReplyWindow.StorageBusyAsync"/>).
/// </summary>
internal sealed class ReceiveMessageCommandHandler(
    IDeliveryLedger ledger,
    IProcessLife life,
    IAnswers answers,
    MessageRouter router,
    RoutesToRetry retries,
    ReplyWindow window,
    ReplySettler settler,
    LostAnswers lost,
    IOptionsMonitor<WeChatOptions> weChat,
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
        using var deadline = new CancellationTokenSource(Until(request.ReceivedAt + weChat.CurrentValue.ReplyDeadline), clock);

        DeliveryRecord record;
        try
        {
            // Not cancelled by WeChat hanging up (what was decided must be kept): by the deadline only, before it ran.
            record = await ledger.RecordAsync(key, message.OpenId, message.Kind, request.ReceivedAt, life.Id, request.Query, IsLate(message, request.ReceivedAt), deadline.Token);
        }
        catch (Exception ex) when (IsBusy(ex, deadline))
        {
            if (answers.Find(key) is { } running && running.Key == key)
            {
                // The answer is being written here: storage can wait, this delivery waits for it as any redelivery does.
                logger.LogInformation("Delivery of {Key} not recorded (storage busy); its answer is in flight here", key);
                record = new DeliveryRecord(key, running.Redelivered(), running.StartedAt, life.Id, Reply: null);
                return await window.AwaitAsync(message, record, request.ReceivedAt, cancellationToken, request.ClientGone);
            }

            // The write may still commit (it was queued when the deadline came): a later delivery that finds the row,
            // this life's and with nothing behind it, routes the message instead of waiting for an answer never started.
            retries.Add(key);
            return await window.StorageBusyAsync(message, request.ReceivedAt, cancellationToken);
        }

        if (record.IsFirst)
        {
            metrics.MessageReceived(message.Kind);
            // Routed here: not again by a later delivery (a delivery before this one took its write for lost).
            retries.Take(key);
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

        if (!record.IsFirst && !(record.Owner == life.Id && retries.Take(key)))
        {
            if (record.Owner != life.Id && !await life.IsAliveAsync(record.Owner, CancellationToken.None))
            {
                logger.LogWarning("Delivery {Count} of {Key}: its work was lost with the process life that owned it", record.Count, key);
                return await SettleNowAsync(await LostAsync(message, deadline), deadline.Token);
            }

            logger.LogDebug("Delivery {Count} of {Key}: waiting in the reply window", record.Count, key);
            return await window.AwaitAsync(message, record, request.ReceivedAt, cancellationToken, request.ClientGone);
        }

        RoutedReply? immediate;
        try
        {
            immediate = await router.RouteAsync(message, deadline.Token);
        }
        catch (Exception ex) when (IsBusy(ex, deadline))
        {
            // Recorded, but nothing was started: the next delivery routes it again.
            retries.Add(key);
            return await window.StorageBusyAsync(message, request.ReceivedAt, cancellationToken);
        }
        catch (Exception ex)
        {
            // Redeliveries get the same apology, not a second attempt.
            logger.LogWarning("Routing {Key} failed: {ErrorType}: {Error}", key, ex.GetType().Name, ex.Message);
            immediate = new RoutedReply(Reply.Text(texts.CurrentValue.Apology), ReplyOutcome.Failed);
        }

        if (immediate is not null)
        {
            return await SettleNowAsync(new Settlement(key, immediate.Reply, immediate.Outcome, clock.GetUtcNow()), deadline.Token);
        }

        return await window.AwaitAsync(message, record, request.ReceivedAt, cancellationToken, request.ClientGone);
    }

    /// <summary>What the dead owner shared of the answer, else "interrupted" (also when storage cannot say in time).</summary>
    private async Task<Settlement> LostAsync(IncomingMessage message, CancellationTokenSource deadline)
    {
        try
        {
            return await lost.SettlementAsync(message.Key, message.OpenId, (message as TextMessage)?.Content, deadline.Token);
        }
        catch (Exception ex) when (IsBusy(ex, deadline))
        {
            return new Settlement(message.Key, Reply.Text(texts.CurrentValue.Interrupted), ReplyOutcome.Interrupted, clock.GetUtcNow());
        }
    }

    /// <summary>A reply decided now: settled if storage answers in time, given anyway if not (a redelivery routes it again).</summary>
    private async Task<Reply> SettleNowAsync(Settlement settlement, CancellationToken deadline)
    {
        try
        {
            return (await settler.SettleAsync(settlement, deadline)).Winner;
        }
        catch (Exception ex) when (IsBusy(ex, deadline))
        {
            retries.Add(settlement.Key);
            return settlement.Reply;
        }
    }

    /// <summary>
    /// Read after WeChat's last delivery of the message can have stopped waiting: three deliveries of 5 s each, the
    /// last sent ~10 s after the message (<c>CreateTime</c>, in whole seconds), plus a second for the clocks.
    /// </summary>
    private static bool IsLate(IncomingMessage message, DateTimeOffset receivedAt) =>
        receivedAt - DateTimeOffset.FromUnixTimeSeconds(message.CreateTime) > WeChatGaveUp;

    private static readonly TimeSpan WeChatGaveUp = TimeSpan.FromSeconds(17);

    /// <summary>Storage did not answer before the delivery's deadline (given up in the writer, or a read cancelled by it).</summary>
    private static bool IsBusy(Exception ex, CancellationTokenSource deadline) =>
        ex is StorageBusyException || (ex is OperationCanceledException && deadline.IsCancellationRequested);

    private static bool IsBusy(Exception ex, CancellationToken deadline) =>
        ex is StorageBusyException || (ex is OperationCanceledException && deadline.IsCancellationRequested);

    private TimeSpan Until(DateTimeOffset moment)
    {
        var left = moment - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
    }
}
