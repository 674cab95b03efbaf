using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// WeChat's reply window, per delivery: wait for the answer until the deadline (or until WeChat hangs up);
/// on an earlier delivery keep the connection so that WeChat delivers again; on the last delivery never
/// fail — hand out what has been generated so far with a "继续" hint. In customer-service mode, answer
/// "success" at the first deadline and let the answer be pushed when ready.
/// </summary>
public sealed class ReplyWindow(
    IReplyCoordinator coordinator,
    ReplyFixer fixer,
    IContinuationStore continuations,
    ReplyComposer composer,
    IWeChatApi api,
    IOptionsMonitor<WeChatOptions> weChat,
    IOptionsMonitor<TextsOptions> texts,
    TimeProvider clock,
    ILogger<ReplyWindow> logger)
{
    /// <summary>How long after its arrival a delivery may be held open at most, if WeChat never hangs up.</summary>
    public static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(15);

    /// <summary>A stream that just closed fixes its reply in moments: how long the last delivery waits for that.</summary>
    private static readonly TimeSpan SettleWait = TimeSpan.FromMilliseconds(300);

    /// <param name="connection">Fires when WeChat hangs up.</param>
    public async Task<Reply> AwaitAsync(IncomingMessage message, DeliveryRecord record, DateTimeOffset receivedAt, CancellationToken connection)
    {
        var options = weChat.CurrentValue;
        var key = message.Key;
        var isLast = record.Count >= options.MaxDeliveries || receivedAt - record.FirstSeenAt >= options.LastDeliveryAfter;

        var reply = await coordinator.WaitForReplyAsync(key, receivedAt + options.ReplyDeadline, connection);
        if (reply is not null)
        {
            return reply;
        }

        connection.ThrowIfCancellationRequested();
        if (options.ReplyMode == ReplyMode.CustomerService && coordinator.IsStreaming(key))
        {
            return await DeferToCustomerServiceAsync(message);
        }

        if (!isLast)
        {
            // Say nothing: WeChat drops the connection at 5 s and delivers again; answer meanwhile if ready.
            reply = await coordinator.WaitForReplyAsync(key, receivedAt + HoldLimit, connection);
            if (reply is not null)
            {
                return reply;
            }

            connection.ThrowIfCancellationRequested();
            logger.LogWarning("Delivery {Count} of {Key} was held {Seconds} s without WeChat hanging up; answering now", record.Count, key, HoldLimit.TotalSeconds);
        }

        return await LastDeliveryAsync(message, connection);
    }

    private async Task<Reply> LastDeliveryAsync(IncomingMessage message, CancellationToken connection)
    {
        var key = message.Key;
        var stream = coordinator.StreamOf(key);
        var cut = coordinator.TryCut(stream, key, ChooseCut);
        if (cut is null)
        {
            // Not streaming here: the answer finished an instant ago (its reply is being fixed), or its work is gone.
            var settled = await coordinator.WaitForReplyAsync(key, clock.GetUtcNow() + SettleWait, connection);
            if (settled is not null)
            {
                return settled;
            }

            if (coordinator.FallbackOf(key) is { } fallback)
            {
                // The answer is ready but its voice is not: the text now, never the failure notice.
                logger.LogInformation("Last delivery of {Key}: voice not ready, answering in text", key);
                return await fixer.FixAsync(key, fallback, ReplyOutcome.Answered);
            }

            var active = coordinator.IsActive(key);
            return await fixer.FixAsync(key, Reply.Text(active ? texts.CurrentValue.StillThinking : texts.CurrentValue.Interrupted), active ? ReplyOutcome.Partial : ReplyOutcome.Interrupted);
        }

        var partial = MarkdownText.ToPlain(cut.Text).Trim();
        await continuations.EnsureGeneratingAsync(message.OpenId, stream.Value, QuestionOf(message), clock.GetUtcNow(), CancellationToken.None);
        var body = partial.Length == 0 ? texts.CurrentValue.StillThinking : composer.Partial(partial);
        logger.LogInformation("Last delivery of {Key}: partial answer ({Chars} chars); the rest waits for 继续", key, partial.Length);
        return await fixer.FixAsync(key, Reply.Text(body), ReplyOutcome.Partial);
    }

    /// <summary>How much of the newly streamed text to hand out: tidy, and within the byte budget once plain.</summary>
    private int ChooseCut(string text)
    {
        var budget = composer.PartialBudget;
        var length = ReplySplitter.TidyPrefixLength(text, budget);
        while (length > 0 && ReplySplitter.Utf8Length(MarkdownText.ToPlain(text[..length])) > budget)
        {
            length = ReplySplitter.TidyPrefixLength(text.AsSpan(0, length * 9 / 10), budget);
        }

        return length;
    }

    private async Task<Reply> DeferToCustomerServiceAsync(IncomingMessage message)
    {
        var winner = await fixer.FixAsync(message.Key, Reply.None, ReplyOutcome.Deferred);
        if (winner is NoReply)
        {
            logger.LogInformation("{Key} not ready at the deadline: replied success, the answer will be pushed", message.Key);
            _ = ShowTypingAsync(message.OpenId);
        }

        return winner;
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

    private static string QuestionOf(IncomingMessage message) => message switch
    {
        TextMessage text => text.Content,
        VoiceMessage voice => voice.Recognition ?? string.Empty,
        _ => string.Empty,
    };
}
