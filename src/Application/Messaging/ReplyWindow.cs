using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// WeChat's reply window, per delivery: wait for the message's reply until the deadline (or until WeChat hangs
/// up); on an earlier delivery keep the connection so that WeChat delivers again; on the last delivery never fail
/// — cut what has been written so far from the answer in flight, with a "继续" hint. In customer-service mode,
/// answer "success" at the first deadline and let the answer be pushed when ready.
/// </summary>
public sealed class ReplyWindow(
    IDeliveryLedger ledger,
    IAnswers answers,
    IAnswerStreams streams,
    WaitingDeliveries waiting,
    ReplySettler settler,
    ReplyComposer composer,
    FollowerText follower,
    IWeChatApi api,
    Admin.FailureReporter failures,
    IOptionsMonitor<WeChatOptions> weChat,
    IOptionsMonitor<TextsOptions> texts,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<ReplyWindow> logger)
{
    /// <summary>How long after its arrival a delivery may be held open at most, if WeChat never hangs up.</summary>
    public static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long past its deadline the last delivery waits for a "继续" that is taking its part that very moment
    /// (WeChat hangs up at 5 s; the deadline is 4.5 s by default).
    /// </summary>
    private static readonly TimeSpan SettleMargin = TimeSpan.FromMilliseconds(300);

    /// <param name="connection">Fires when WeChat hangs up.</param>
    /// <param name="clientGone">Whether WeChat has hung up, as the socket says now (sooner than the token under load).</param>
    public async Task<Reply> AwaitAsync(IncomingMessage message, DeliveryRecord record, DateTimeOffset receivedAt, CancellationToken connection, Func<bool>? clientGone = null)
    {
        var options = weChat.CurrentValue;
        var key = message.Key;
        var isLast = record.Count >= options.MaxDeliveries || receivedAt - record.FirstSeenAt >= options.LastDeliveryAfter;

        // Ends when WeChat hangs up: by the connection's token, or sooner by the socket itself (a busy process notices late).
        using var hold = waiting.Enter(clientGone, connection);
        connection = hold.Token;
        if (answers.Find(key) is { IsClosed: false } crowded && crowded.Key == key && (!hold.Allowed || (isLast && crowded.Queued)))
        {
            // Beyond the held deliveries, or the last delivery of a question that has not even started: waiting
            // cannot bring its answer, and a busy machine may be late enough reading it that WeChat hangs up first.
            StillThere(clientGone, connection);
            return await CrowdedAsync(key, crowded, record.Count);
        }

        var deadline = isLast ? LastDeadline(message, receivedAt, options) : receivedAt + options.ReplyDeadline;
        var reply = await WaitAsync(key, deadline, connection);
        if (reply is not null)
        {
            return reply;
        }

        connection.ThrowIfCancellationRequested();
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The service is stopping: answer now as the last delivery would, before the listener goes.
            logger.LogInformation("Delivery {Count} of {Key} answered at once: the service is stopping", record.Count, key);
            return await LastDeliveryAsync(message, AnswerBy(deadline), clientGone, connection);
        }

        if (options.ReplyMode == ReplyMode.CustomerService && answers.Find(key) is { IsStreaming: true } own && own.Key == key
            && await DeferToCustomerServiceAsync(message) is { } deferred)
        {
            return deferred;
        }

        if (!isLast)
        {
            // Say nothing: WeChat drops the connection at 5 s and delivers again; answer meanwhile if ready.
            reply = await WaitAsync(key, receivedAt + HoldLimit, connection);
            if (reply is not null)
            {
                return reply;
            }

            connection.ThrowIfCancellationRequested();
            if (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                logger.LogWarning("Delivery {Count} of {Key} was held {Seconds} s without WeChat hanging up; answering now", record.Count, key, HoldLimit.TotalSeconds);
            }
        }

        return await LastDeliveryAsync(message, AnswerBy(deadline), clientGone, connection);
    }

    /// <summary>
    /// WeChat hung up on this delivery: nothing may be cut or settled for it — a part handed to no one would be taken
    /// from the answer all the same, and "继续" would not find it. The caller treats it as the hang-up it is.
    /// </summary>
    private static void StillThere(Func<bool>? clientGone, CancellationToken connection)
    {
        connection.ThrowIfCancellationRequested();
        if (clientGone?.Invoke() == true)
        {
            throw new OperationCanceledException("WeChat hung up on this delivery.");
        }
    }

    /// <summary>
    /// The latest moment a last delivery may still wait for a reply about to land: halfway between its deadline and
    /// the margin, so that what it then settles is written before WeChat hangs up at 5 s even on a slow database.
    /// </summary>
    private static DateTimeOffset AnswerBy(DateTimeOffset deadline) => deadline + (SettleMargin / 2);

    /// <summary>
    /// A last delivery's deadline: <see cref="WeChatOptions.ReplyDeadline"/> after it was read, but no later than WeChat's
    /// own clock allows — the earliest its last wait can end (<see cref="WeChatOptions.LastWaitMayEnd"/>, from the
    /// message's <c>CreateTime</c>), less the same margin. A crowd that let the delivery be read late must not make it
    /// wait past WeChat's hang-up: its "still thinking" or part would reach no one, and an answer landing in that time
    /// would be written too late to be sure it was shown (<c>CreateTime</c> is in whole seconds: the last wait can be up
    /// to a second shorter than it would be by the delivery's read time alone).
    /// </summary>
    private static DateTimeOffset LastDeadline(IncomingMessage message, DateTimeOffset receivedAt, WeChatOptions options)
    {
        var byWeChat = options.LastWaitMayEnd(message.CreateTime) - (WeChatOptions.WeChatWait - options.ReplyDeadline);
        var byUs = receivedAt + options.ReplyDeadline;
        return byWeChat < byUs ? byWeChat : byUs;
    }

    /// <summary>
    /// What a reply given before the answer is done keeps: a "继续" must find the answer while its rest is still being
    /// written (a voice not yet heard has no question to show).
    /// </summary>
    private static Keep.Generating? StillBeingWritten(Answer answer) => StillBeingWritten(answer.OpenId, answer.Key, answer.Question);

    private static Keep.Generating? StillBeingWritten(string openId, MessageKey source, string question) =>
        question.Length == 0 ? null : new Keep.Generating(openId, source.Value, question);

    /// <summary>Too many deliveries held: this one is answered at once, and its answer waits for "继续".</summary>
    private async Task<Reply> CrowdedAsync(MessageKey key, Answer answer, int delivery)
    {
        if (await ledger.WaitForReplyAsync(key, clock.GetUtcNow(), CancellationToken.None) is { } settled)
        {
            return settled;
        }

        logger.LogInformation("Delivery {Count} of {Key} answered at once: {Limit} deliveries are held", delivery, key, waiting.Limit);
        return await SettleAsync(new Settlement(key, Reply.Text(texts.CurrentValue.Crowded), ReplyOutcome.Partial, clock.GetUtcNow())
        {
            IfWon = StillBeingWritten(answer),
        });
    }

    /// <summary>
    /// Waits for the message's reply until <paramref name="until"/>; null then — or at once when the service starts
    /// stopping, so that a delivery held open is answered before the process goes, not left to WeChat's failure notice.
    /// </summary>
    private async Task<Reply?> WaitAsync(MessageKey key, DateTimeOffset until, CancellationToken connection)
    {
        var stopping = lifetime.ApplicationStopping;
        if (stopping.IsCancellationRequested)
        {
            return await ledger.WaitForReplyAsync(key, clock.GetUtcNow(), connection);
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(connection, stopping);
        try
        {
            return await ledger.WaitForReplyAsync(key, until, either.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !connection.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <param name="answerBy">The latest moment to wait for a reply that may land in a moment (<see cref="AnswerBy"/>).</param>
    private async Task<Reply> LastDeliveryAsync(IncomingMessage message, DateTimeOffset answerBy, Func<bool>? clientGone, CancellationToken connection)
    {
        StillThere(clientGone, connection);
        var key = message.Key;
        var answer = answers.Find(key);
        if (answer is null && streams.Shared && await RemoteCutAsync(key, connection) is { } remote)
        {
            return remote;
        }

        var cut = answer?.Cut(key, ChooseCut) ?? AnswerCut.Finishing.Instance;
        switch (cut)
        {
            case AnswerCut.Partial partial:
                var nothingYet = answer!.Queued ? texts.CurrentValue.Crowded
                    : answer.Drawing ? texts.CurrentValue.Drawing
                    : texts.CurrentValue.StillThinking;
                return await PartialAsync(key, partial.Text, nothingYet, StillBeingWritten(answer), elsewhere: false);
            case AnswerCut.Fallback fallback:
                // The answer is ready but its voice is not: the text now, never the failure notice.
                logger.LogInformation("Last delivery of {Key}: voice not ready, answering in text", key);
                return await SettleAsync(new Settlement(key, fallback.Reply, ReplyOutcome.Answered, clock.GetUtcNow())
                {
                    IfWon = new Keep.Rest(answer!.OpenId, answer.Key.Value, answer.Question, fallback.Rest),
                });
            default:
                return await FinishingAsync(key, answer, answerBy, clientGone, connection);
        }
    }

    /// <summary>
    /// The answer is written on another instance: the cut is taken from what it shared (in the database, once), and
    /// the owner keeps exactly the rest when it finishes. Null when there is nothing to cut from there (not shared
    /// yet, finishing, or storage did not answer in a moment): the reply may then land in a moment.
    /// </summary>
    private async Task<Reply?> RemoteCutAsync(MessageKey key, CancellationToken connection)
    {
        RemoteCut? cut;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(connection);
        deadline.CancelAfter(SettleMargin);
        try
        {
            cut = await streams.CutAsync(key, ChooseCut, deadline.Token);
        }
        catch (Exception ex) when (!connection.IsCancellationRequested)
        {
            logger.LogWarning("Last delivery of {Key}: no cut from the answer written on another instance ({ErrorType})", key, ex.GetType().Name);
            return null;
        }

        if (cut is null)
        {
            return null;
        }

        return await PartialAsync(key, cut.Text, texts.CurrentValue.StillThinking, StillBeingWritten(cut.OpenId, key, cut.Question), elsewhere: true);
    }

    /// <summary>
    /// The last delivery's partial answer: the raw text it cut, as the follower may read it, with the 继续 hint — or
    /// <paramref name="nothingYet"/> when nothing was written yet; what is kept lets a "继续" find the rest.
    /// </summary>
    /// <param name="elsewhere">Cut from an answer another instance writes.</param>
    private Task<Reply> PartialAsync(MessageKey key, string cut, string nothingYet, Keep.Generating? keep, bool elsewhere)
    {
        var text = follower.Of(cut).Trim();
        logger.LogInformation("Last delivery of {Key}: partial answer ({Chars} chars){Where}; the rest waits for 继续", key, text.Length, elsewhere ? " from another instance" : string.Empty);
        return SettleAsync(new Settlement(key, Reply.Text(text.Length > 0 ? composer.Partial(text) : nothingYet), ReplyOutcome.Partial, clock.GetUtcNow()) { IfWon = keep });
    }

    /// <summary>
    /// Nothing to cut. A finished answer is settling its reply this very moment: that reply is the message's (no
    /// other can settle it now), so it is what the follower gets — never "still thinking", however slow the write.
    /// Otherwise (the work is just starting, or a "继续" is about to take its part) the reply may land in a moment.
    /// </summary>
    private async Task<Reply> FinishingAsync(MessageKey key, Answer? answer, DateTimeOffset answerBy, Func<bool>? clientGone, CancellationToken connection)
    {
        if (answer is not null && answer.Key == key && answer.Intended is { } intended)
        {
            logger.LogInformation("Last delivery of {Key}: the answer has just finished", key);
            return intended;
        }

        var waitUntil = clock.GetUtcNow() + SettleMargin;
        if (await ledger.WaitForReplyAsync(key, waitUntil < answerBy ? waitUntil : answerBy, connection) is { } settled)
        {
            return settled;
        }

        StillThere(clientGone, connection);
        return await SettleAsync(new Settlement(key, Reply.Text(texts.CurrentValue.StillThinking), ReplyOutcome.Partial, clock.GetUtcNow()));
    }

    /// <summary>
    /// How much of the newly streamed text to hand out: never the beginning of a banned word whose end may still be
    /// coming, tidy, and within the byte budget once plain.
    /// </summary>
    private int ChooseCut(string text)
    {
        text = text[..follower.SafeLength(text)];
        var budget = composer.PartialBudget;
        var length = ReplySplitter.TidyPrefixLength(text, budget);
        while (length > 0 && ReplySplitter.Utf8Length(MarkdownText.ToPlain(text[..length])) > budget)
        {
            length = ReplySplitter.TidyPrefixLength(text.AsSpan(0, length * 9 / 10), budget);
        }

        return length;
    }

    private async Task<Reply?> DeferToCustomerServiceAsync(IncomingMessage message)
    {
        Settled settled;
        using var deadline = new CancellationTokenSource(SettleMargin, clock);
        try
        {
            settled = await settler.SettleAsync(new Settlement(message.Key, Reply.None, ReplyOutcome.Deferred, clock.GetUtcNow()), deadline.Token);
        }
        catch (Exception ex) when (ex is StorageBusyException || (ex is OperationCanceledException && deadline.IsCancellationRequested))
        {
            // Not stored: the answer would not know to push. The window goes on as in passive mode.
            return null;
        }

        if (settled.Won)
        {
            logger.LogInformation("{Key} not ready at the deadline: replied success, the answer will be pushed", message.Key);
            _ = ShowTypingAsync(message.OpenId);
        }

        return settled.Winner;
    }

    /// <summary>
    /// Settles a reply the last delivery gives now. If storage cannot take it in a moment (busy), the reply goes out
    /// anyway: the answer in flight knows what it handed out and keeps back exactly the rest when it finishes.
    /// </summary>
    private async Task<Reply> SettleAsync(Settlement settlement)
    {
        using var deadline = new CancellationTokenSource(SettleMargin, clock);
        try
        {
            return (await settler.SettleAsync(settlement, deadline.Token)).Winner;
        }
        catch (Exception ex) when (ex is StorageBusyException || (ex is OperationCanceledException && deadline.IsCancellationRequested))
        {
            logger.LogWarning("Reply to {Key} given without being stored (storage busy)", settlement.Key);
            return settlement.Reply;
        }
    }

    /// <summary>
    /// Storage could not record the delivery in time (the database stayed locked). The last delivery says so in a
    /// short text ("busy, send again in a moment"); an earlier one stays silent until WeChat hangs up, so that WeChat
    /// delivers again — by then storage may answer, and the message is handled as if nothing happened. Last is
    /// told by the message's own CreateTime, as the ledger could not count it.
    /// </summary>
    public async Task<Reply> StorageBusyAsync(IncomingMessage message, DateTimeOffset receivedAt, CancellationToken connection)
    {
        var options = weChat.CurrentValue;
        var age = receivedAt - DateTimeOffset.FromUnixTimeSeconds(message.CreateTime);
        if (age < options.LastDeliveryAfter)
        {
            logger.LogWarning("Delivery of {Key} not recorded (storage busy): no reply, so that WeChat delivers again", message.Key);
            var hold = receivedAt + HoldLimit - clock.GetUtcNow();
            if (hold > TimeSpan.Zero && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(connection, lifetime.ApplicationStopping);
                try
                {
                    await Task.Delay(hold, clock, either.Token);
                }
                catch (OperationCanceledException) when (!connection.IsCancellationRequested)
                {
                    // Stopping: say "busy" now rather than leave the delivery to the failure notice.
                }
            }
        }

        logger.LogWarning("Last delivery of {Key} not recorded (storage busy): answered 'busy, send again'", message.Key);
        failures.Report(message.OpenId, Domain.Operations.FailureKinds.Storage, null, "The database stayed busy through the message's deliveries; the follower was asked to send it again.", (message as TextMessage)?.Content);
        return Reply.Text(texts.CurrentValue.StorageBusy);
    }

    private async Task ShowTypingAsync(string openId)
    {
        try
        {
            await api.SetTypingAsync(openId, typing: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WeChatApiException or HttpRequestException or TaskCanceledException)
        {
            logger.LogDebug("Typing indicator not shown: {ErrorType}", ex.GetType().Name);
        }
    }
}
