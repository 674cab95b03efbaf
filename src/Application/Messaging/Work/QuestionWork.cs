using System.Globalization;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Conversations.AnswerQuestion;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Application.Voice;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.Application.Messaging.Work;

/// <param name="Question">The question's text; null when it is a voice still to be transcribed.</param>
/// <param name="VoiceMediaId">The follower's voice to transcribe first (no WeChat recognition).</param>
/// <param name="Speak">Answer by voice (the follower spoke, or turned voice replies on).</param>
public sealed record QuestionRequest(MessageKey Key, string OpenId, string? Question, string? VoiceMediaId = null, string? VoiceFormat = null, bool Speak = false);

/// <summary>
/// The background work of one question: transcribes it when it came as voice, asks the model (through the
/// pipeline, streaming into the coordinator), then fixes the key's reply — as text or as voice — or, when a
/// partial answer was already shown, stores the rest for "继续". Runs detached from WeChat's requests.
/// </summary>
public sealed class QuestionWork(
    IMediator mediator,
    IReplyCoordinator coordinator,
    ReplyFixer fixer,
    IContinuationStore continuations,
    IConversationStore conversations,
    ITemplateStore templates,
    ReplyComposer composer,
    CustomerServicePusher pusher,
    VoiceService voice,
    IMediaStore media,
    KeywordReplies keywords,
    IOptionsMonitor<WeChatOptions> weChat,
    IOptionsMonitor<ChatOptions> chat,
    IOptionsMonitor<TextsOptions> texts,
    TimeProvider clock,
    ILogger<QuestionWork> logger)
{
    private const string DefaultLanguage = "zh-CN";

    public async Task RunAsync(QuestionRequest request, CancellationToken cancellationToken)
    {
        var key = request.Key;
        try
        {
            var question = request.Question ?? await TranscribeAsync(request, cancellationToken);
            if (question is null)
            {
                return;
            }

            // A spoken keyword gets the owner's reply, as a typed one does (typed text was checked by the router).
            if (request.Question is null && await keywords.ForTextAsync(question, cancellationToken) is { } keywordReply)
            {
                coordinator.CloseStream(key);
                await fixer.FixAsync(key, Reply.Text(keywordReply), ReplyOutcome.Fixed);
                return;
            }

            Answer answer;
            try
            {
                var command = new AnswerQuestionCommand(request.OpenId, question, key, Stream: true, chat.CurrentValue.AnswerTimeout);
                answer = await mediator.Send(command, cancellationToken);
            }
            catch (ThrottledException ex)
            {
                coordinator.CloseStream(key);
                await fixer.FixAsync(key, Reply.Text(Notice(ex)), ReplyOutcome.Throttled);
                return;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // The service is stopping and the grace period is over: keep what was written.
                await SaveUnfinishedAsync(request, question, coordinator.CloseStream(key));
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var failed = coordinator.CloseStream(key);
                logger.LogWarning("Answer to {Key} failed: {ErrorType}: {Error}", key, ex.GetType().Name, ex.Message);
                if (failed.Delivered == 0)
                {
                    await fixer.FixAsync(key, Reply.Text(texts.CurrentValue.Apology), ReplyOutcome.Failed);
                }
                else
                {
                    await continuations.FailAsync(key.Value, clock.GetUtcNow(), CancellationToken.None);
                }

                return;
            }

            var closed = coordinator.CloseStream(key);
            if (closed.Delivered > 0)
            {
                // The follower already read the beginning; the rest waits for "继续".
                var rest = answer.Text[Math.Min(closed.Delivered, answer.Text.Length)..];
                await continuations.SetRemainderAsync(request.OpenId, key.Value, question, MarkdownText.ToPlain(rest), clock.GetUtcNow(), CancellationToken.None);
                return;
            }

            var text = MarkdownText.ToPlain(answer.Text);
            if (request.Speak && voice.CanSpeak)
            {
                await DeliverSpokenAsync(request with { Question = question }, text, answer.Language ?? SpokenText.DetectLanguage(text), cancellationToken);
                return;
            }

            // Nothing shown yet — or only text of an attempt the model started over from, in which case the
            // reply is already fixed and DeliverAsync stores the whole answer for "继续".
            await DeliverAsync(request with { Question = question }, text, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before an answer existed (transcribing, or not started): the follower asks again.
            coordinator.CloseStream(key);
            await fixer.FixAsync(key, Reply.Text(texts.CurrentValue.Interrupted), ReplyOutcome.Interrupted);
        }
        finally
        {
            coordinator.End(key);
        }
    }

    /// <summary>
    /// At shutdown, an answer still being written is kept for "继续" (which works after the restart): the part
    /// the follower has not read, with a note that it stops short. When nothing was written, the follower is
    /// asked to send the question again.
    /// </summary>
    private async Task SaveUnfinishedAsync(QuestionRequest request, string question, StreamClosed closed)
    {
        var key = request.Key;
        var unread = MarkdownText.ToPlain(closed.Text[Math.Min(closed.Delivered, closed.Text.Length)..]).Trim();
        if (unread.Length == 0)
        {
            if (closed.Delivered == 0)
            {
                await fixer.FixAsync(key, Reply.Text(texts.CurrentValue.Interrupted), ReplyOutcome.Interrupted);
            }
            else
            {
                await continuations.FailAsync(key.Value, clock.GetUtcNow(), CancellationToken.None);
            }

            return;
        }

        var saved = unread + "\n\n" + texts.CurrentValue.AnswerCutShort;
        await continuations.SetRemainderAsync(request.OpenId, key.Value, question, saved, clock.GetUtcNow(), CancellationToken.None);
        logger.LogWarning("Answer to {Key} stopped by shutdown after {Chars} characters; kept for 继续", key, closed.Text.Length);
        if (closed.Delivered == 0)
        {
            await fixer.FixAsync(key, Reply.Text(texts.CurrentValue.SavedAtShutdown), ReplyOutcome.Interrupted);
        }
    }

    /// <summary>The question of a voice without WeChat's recognition; null when there is none (the reply is fixed).</summary>
    private async Task<string?> TranscribeAsync(QuestionRequest request, CancellationToken cancellationToken)
    {
        string transcript;
        try
        {
            transcript = await voice.TranscribeAsync(request.VoiceMediaId!, request.VoiceFormat, await LanguageOfAsync(request.OpenId, cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Transcribing {Key} failed: {ErrorType}: {Error}", request.Key, ex.GetType().Name, ex.Message);
            coordinator.CloseStream(request.Key);
            await fixer.FixAsync(request.Key, Reply.Text(texts.CurrentValue.VoiceNotUnderstood), ReplyOutcome.Failed);
            return null;
        }

        if (transcript.Length == 0)
        {
            coordinator.CloseStream(request.Key);
            await fixer.FixAsync(request.Key, Reply.Text(texts.CurrentValue.VoiceNotUnderstood), ReplyOutcome.Fixed);
            return null;
        }

        return transcript;
    }

    /// <summary>The language the follower speaks in: their template's (English practice), else Chinese.</summary>
    private async Task<string> LanguageOfAsync(string openId, CancellationToken cancellationToken)
    {
        var conversation = await conversations.GetOpenAsync(openId, clock.GetUtcNow(), cancellationToken);
        var template = conversation.TemplateId is { } id ? await templates.FindAsync(id, cancellationToken) : null;
        return template?.Language ?? DefaultLanguage;
    }

    private async Task DeliverAsync(QuestionRequest request, string text, CancellationToken cancellationToken)
    {
        var key = request.Key;
        var first = await FirstPartAsync(request, text, extraNote: null);
        var reply = Reply.Text(first.Message);
        var winner = await fixer.FixAsync(key, reply, ReplyOutcome.Answered);
        if (winner == reply)
        {
            return;
        }

        await LostAsync(request, text, winner, cancellationToken);
    }

    /// <summary>
    /// A voice reply. Its text version (with a note) is the fallback the last delivery gives if the voice is
    /// not ready in time; the rest of that text is stored up front, so "继续" works whichever wins.
    /// </summary>
    private async Task DeliverSpokenAsync(QuestionRequest request, string text, string language, CancellationToken cancellationToken)
    {
        var key = request.Key;
        var first = await FirstPartAsync(request, text, texts.CurrentValue.VoiceNotReady);
        var fallback = Reply.Text(first.Message);
        coordinator.SetFallback(key, fallback);

        SpokenReply spoken;
        try
        {
            spoken = await voice.SpeakAsync(request.OpenId, text, language, cancellationToken);
        }
        catch (Exception ex)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Voice reply to {Key} stopped by shutdown; answering in text", key);
            }
            else
            {
                logger.LogWarning("Voice reply to {Key} failed ({ErrorType}: {Error}); answering in text", key, ex.GetType().Name, ex.Message);
            }

            var instead = await fixer.FixAsync(key, fallback, ReplyOutcome.Answered);
            if (instead != fallback)
            {
                await LostAsync(request, text, instead, cancellationToken);
            }

            return;
        }

        // What "继续" gives once the voice is the reply — stored before it is fixed, so that a quick "继续"
        // finds it: the whole text when the voice covers only its beginning, nothing otherwise.
        var question = request.Question!;
        await continuations.SetRemainderAsync(request.OpenId, key.Value, question, spoken.Truncated ? text : string.Empty, clock.GetUtcNow(), CancellationToken.None);
        var reply = new VoiceReply(spoken.MediaId);
        var winner = await fixer.FixAsync(key, reply, ReplyOutcome.Answered);
        if (winner == reply)
        {
            await media.MarkDeliveredAsync(spoken.MediaId, clock.GetUtcNow(), CancellationToken.None);
            return;
        }

        if (winner == fallback)
        {
            // The last delivery sent the text meanwhile: its rest is what waits for "继续".
            await continuations.SetRemainderAsync(request.OpenId, key.Value, question, first.Rest, clock.GetUtcNow(), CancellationToken.None);
            return;
        }

        await LostAsync(request, text, winner, cancellationToken);
    }

    /// <summary>The first message and, stored before the reply is fixed so that a "继续" right after finds it, the rest.</summary>
    private async Task<FirstPart> FirstPartAsync(QuestionRequest request, string text, string? extraNote)
    {
        var earlier = await continuations.HasOpenAsync(request.OpenId, request.Key.Value, CancellationToken.None)
            ? texts.CurrentValue.EarlierAnswerWaiting
            : null;
        var note = (extraNote, earlier) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => a + "\n" + b,
        };
        var first = composer.First(text, note);
        if (first.Rest.Length > 0)
        {
            await continuations.SetRemainderAsync(request.OpenId, request.Key.Value, request.Question!, first.Rest, clock.GetUtcNow(), CancellationToken.None);
        }

        return first;
    }

    /// <summary>Someone fixed another reply first: push the answer (customer-service mode), or keep all of it for "继续".</summary>
    private async Task LostAsync(QuestionRequest request, string text, Reply winner, CancellationToken cancellationToken)
    {
        if (winner is NoReply && weChat.CurrentValue.ReplyMode == ReplyMode.CustomerService)
        {
            await pusher.PushAsync(request.OpenId, request.Key.Value, request.Question!, text, cancellationToken);
            return;
        }

        await continuations.SetRemainderAsync(request.OpenId, request.Key.Value, request.Question!, text, clock.GetUtcNow(), CancellationToken.None);
    }

    private string Notice(ThrottledException ex) => ex.Reason == ThrottleReason.Busy
        ? texts.CurrentValue.Busy
        : texts.CurrentValue.RateLimited.Replace(
            "{seconds}",
            Math.Max(1, (int)Math.Ceiling((ex.RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
}
