using System.Globalization;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Conversations.AnswerQuestion;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Application.Messaging.ContinueAnswer;
using WeChatGpt.Application.Pictures;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.AnswerMessage;

/// <summary>
/// Decides how the answer finishes — the model's text or voice, a canned reply, an apology, what is kept at
/// shutdown — and finishes it in one place.
/// </summary>
internal sealed class AnswerMessageCommandHandler(
    IMediator mediator,
    AnswerAdmission admission,
    ReplySettler settler,
    AnswerSettlements settlements,
    SpokenAnswers voice,
    TextIntents intents,
    ContinueService continues,
    IAnswerStreams streams,
    Admin.FailureReporter failures,
    DailyBudget budget,
    IContinuationStore continuations,
    IConversationStore conversations,
    FollowerPictures pictures,
    ReplyComposer composer,
    FollowerText follower,
    IOptionsMonitor<ChatOptions> chat,
    IOptionsMonitor<TextsOptions> texts,
    IOptionsMonitor<ImagesOptions> images,
    TimeProvider clock,
    ILogger<AnswerMessageCommandHandler> logger)
    : RequestHandlerBase<AnswerMessageCommand>
{
    protected override async Task HandleAsync(AnswerMessageCommand request, CancellationToken cancellationToken)
    {
        var answer = request.Answer;
        try
        {
            Finish? finish;
            try
            {
                finish = await DecideAsync(request, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped before an answer existed (transcribing, or not started): the follower asks again.
                failures.Report(answer.OpenId, Domain.Operations.FailureKinds.Interrupted, null, "The service stopped before the answer started.", answer.Question);
                finish = new Finish(settlements.Interrupted);
            }

            if (finish is not null)
            {
                await answer.FinishAsync(finish.Settlement, s => settler.SettleAsync(s), await RemoteCutAsync(answer));
                if (finish.SpokenMediaId is { } mediaId)
                {
                    await voice.DoneWithAsync(mediaId);
                }
            }
        }
        finally
        {
            answer.End();
        }
    }

    /// <summary>
    /// Stops sharing the answer with the other instances, and learns what a delivery there cut from it. If storage
    /// cannot say in a moment, the answer finishes as if nothing was cut there: a follower who read a cut then gets
    /// the whole answer with "继续", never less.
    /// </summary>
    private async Task<RemoteCut?> RemoteCutAsync(Answer answer)
    {
        if (!streams.Shared)
        {
            return null;
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2), clock);
        try
        {
            return await streams.CloseAsync(answer, limit.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Answer to {Key}: what another instance cut from it is unknown ({ErrorType}); the whole answer waits if it was", answer.Key, ex.GetType().Name);
            return null;
        }
    }

    /// <returns>How the answer finishes, or null when the message was settled otherwise (a spoken "继续").</returns>
    private async Task<Finish?> DecideAsync(AnswerMessageCommand request, CancellationToken cancellationToken)
    {
        var answer = request.Answer;
        var question = answer.Question;
        if (request.Draw is { } prompt)
        {
            return await DrawAsync(answer, prompt, cancellationToken);
        }

        if (request.VoiceMediaId is { } mediaId)
        {
            var heard = await HearAsync(answer, mediaId, request.VoiceFormat, cancellationToken);
            if (heard.Finish is not null || heard.Question is null)
            {
                return heard.Finish;
            }

            question = heard.Question;
        }

        QuestionPicture? picture = null;
        if (request.Photo is { } photo)
        {
            try
            {
                var (id, received) = await pictures.ReceiveAsync(answer.Key, answer.OpenId, photo.MediaId, photo.PicUrl, cancellationToken);
                picture = new QuestionPicture(id, new ChatPicture(received.ContentType, received.Content));
            }
            catch (PictureRejectedException ex)
            {
                logger.LogInformation("Picture of {Key} not looked at: {Reason}", answer.Key, ex.Message);
                return new Finish(a => settlements.Canned(a, texts.CurrentValue.PictureInvalid, ReplyOutcome.Canned));
            }
        }

        // A crowd: wait for a turn at the model in arrival order (stopping meanwhile: the follower asks again).
        Conversations.AnswerQuestion.Answer written;
        var turn = await admission.EnterAsync(answer, cancellationToken);
        try
        {
            await budget.EnsureWithinAsync(answer.OpenId, cancellationToken);
            written = await mediator.Send(new AnswerQuestionCommand(answer.OpenId, question, answer.Key, chat.CurrentValue.AnswerTimeout) { Into = answer, Picture = picture }, cancellationToken);
        }
        catch (ThrottledException ex)
        {
            return new Finish(a => settlements.Canned(a, Notice(ex), ReplyOutcome.Throttled));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The service is stopping and the grace period is over: keep what was written.
            logger.LogWarning("Answer to {Key} stopped by shutdown; what was written is kept for 继续", answer.Key);
            failures.Report(answer.OpenId, Domain.Operations.FailureKinds.Interrupted, null, "The service stopped while the answer was being written; what was written waits for 继续.", question);
            return new Finish(a => settlements.SavedAtShutdown(a, follower.Of(a.Unread).Trim()));
        }
        catch (ChatModelException ex) when (ex.PictureRefused)
        {
            logger.LogWarning("Answer to {Key}: the model refused the picture ({Error})", answer.Key, ex.Message);
            failures.Model(answer.OpenId, ex, question);
            return new Finish(a => settlements.Canned(a, texts.CurrentValue.PictureNotSupported, ReplyOutcome.Failed));
        }
        catch (ChatModelException ex) when (ex.Incomplete)
        {
            // Never a complete turn: what was written and not read waits for "继续", with a note that it broke off.
            logger.LogWarning("Answer to {Key} is incomplete: {Error}", answer.Key, ex.Message);
            failures.Model(answer.OpenId, ex, question);
            return new Finish(a => settlements.BrokeOff(a, follower.Of(a.Unread).Trim()));
        }
        catch (Exception ex)
        {
            logger.LogWarning("Answer to {Key} failed: {ErrorType}: {Error}", answer.Key, ex.GetType().Name, ex.Message);
            failures.Model(answer.OpenId, ex, question);
            return new Finish(settlements.Failed);
        }
        finally
        {
            turn.Dispose();
        }

        var text = follower.Of(written.Text);
        var earlier = await continuations.HasOpenAsync(answer.OpenId, answer.Key.Value, CancellationToken.None) ? texts.CurrentValue.EarlierAnswerWaiting : null;
        if (request.Speak && voice.CanSpeak)
        {
            return await voice.SpeakAsync(answer, text, written.Language, earlier, cancellationToken);
        }

        var first = composer.First(text, earlier);
        return new Finish(a => settlements.Answered(a, text, first));
    }

    /// <summary>
    /// A voice without WeChat's recognition: its transcript means what the same text typed would (a command,
    /// "继续", a keyword reply or a question).
    /// </summary>
    private async Task<(string? Question, Finish? Finish)> HearAsync(Answer answer, string mediaId, string? format, CancellationToken cancellationToken)
    {
        string transcript;
        try
        {
            transcript = await voice.TranscribeAsync(answer.OpenId, mediaId, format, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Transcribing {Key} failed: {ErrorType}: {Error}", answer.Key, ex.GetType().Name, ex.Message);
            failures.Report(answer.OpenId, Domain.Operations.FailureKinds.Voice, null, $"The voice message could not be transcribed ({ex.GetType().Name}).", question: null);
            return (null, new Finish(a => settlements.Canned(a, texts.CurrentValue.VoiceNotUnderstood, ReplyOutcome.Failed)));
        }

        if (transcript.Length == 0)
        {
            return (null, new Finish(a => settlements.Canned(a, texts.CurrentValue.VoiceNotUnderstood, ReplyOutcome.Canned)));
        }

        var intent = await intents.ClassifyAsync(transcript, cancellationToken);
        switch (intent)
        {
            case TextIntent.Question question:
                if (answer.Heard(question.Text))
                {
                    // A delivery already said "still thinking": a "继续" must find this answer while it is written.
                    await continuations.EnsureGeneratingAsync(answer.OpenId, answer.Key.Value, question.Text, clock.GetUtcNow(), CancellationToken.None);
                }

                return (question.Text, null);
            case TextIntent.Continue:
                // A spoken "继续" is one: this message takes the next part, as a typed one would.
                answer.End();
                await continues.ContinueAsync(answer.OpenId, answer.Key, cancellationToken);
                return (null, null);
            case TextIntent.Moderated moderated:
                return (null, new Finish(a => settlements.Canned(a, moderated.Reply, ReplyOutcome.Moderated)));
            case TextIntent.Draw draw:
                // "画 …" said aloud draws as typed.
                if (answer.Heard(transcript.Trim()))
                {
                    await continuations.EnsureGeneratingAsync(answer.OpenId, answer.Key.Value, transcript.Trim(), clock.GetUtcNow(), CancellationToken.None);
                }

                return (null, await DrawAsync(answer, draw.Prompt, cancellationToken));
            default:
                var reply = await intents.ImmediateReplyAsync(answer.OpenId, intent, cancellationToken);
                return (null, new Finish(a => settlements.Canned(a, reply!, ReplyOutcome.Canned)));
        }
    }

    /// <summary>
    /// "画 …": the image is drawn (throttled like a question), made fit for WeChat, uploaded and kept as the turn's
    /// answer; the reply is the image. A failure gets one short text and nothing is kept as history.
    /// </summary>
    private async Task<Finish> DrawAsync(Answer answer, string prompt, CancellationToken cancellationToken)
    {
        answer.Drawing = true;
        var askedAt = clock.GetUtcNow();
        GeneratedImage drawn;
        var turn = await admission.EnterAsync(answer, cancellationToken);
        try
        {
            drawn = await mediator.Send(new DrawImageCommand(answer.OpenId, prompt, images.CurrentValue.Timeout), cancellationToken);
        }
        catch (ThrottledException ex)
        {
            return new Finish(a => settlements.Canned(a, Notice(ex), ReplyOutcome.Throttled));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return new Finish(settlements.Interrupted);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Drawing for {Key} failed: {ErrorType}: {Error}", answer.Key, ex.GetType().Name, ex.Message);
            failures.Model(answer.OpenId, ex, answer.Question);
            return new Finish(settlements.DrawingFailed);
        }
        finally
        {
            turn.Dispose();
        }

        try
        {
            var (pictureId, mediaId) = await pictures.SendableAsync(answer.Key, answer.OpenId, drawn.Content, cancellationToken);
            var conversation = await conversations.GetOpenAsync(answer.OpenId, askedAt, cancellationToken);
            var recorded = conversation.Record(answer.Key.Value, answer.Question, $"[已发送一张图片：{drawn.RevisedPrompt ?? prompt}]", askedAt, clock.GetUtcNow());
            await conversations.AddTurnAsync(recorded.WithPicture(pictureId, drawn: true), CancellationToken.None);
            return new Finish(a => settlements.Drawn(a, new ImageReply(mediaId)));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return new Finish(settlements.Interrupted);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Drawn image for {Key} not sent: {ErrorType}: {Error}", answer.Key, ex.GetType().Name, ex.Message);
            failures.Report(answer.OpenId, ex is Common.WeChat.WeChatApiException ? Domain.Operations.FailureKinds.WeChatApi : Domain.Operations.FailureKinds.ModelServerError, (ex as Common.WeChat.WeChatApiException)?.ErrorCode, $"The drawn image could not be sent ({ex.GetType().Name}).", answer.Question);
            return new Finish(settlements.DrawingFailed);
        }
    }

    private string Notice(ThrottledException ex) => ex.Reason == ThrottleReason.Busy ? texts.CurrentValue.Busy
        : ex.Reason == ThrottleReason.DailyBudget ? texts.CurrentValue.DailyBudgetSpent
        : texts.CurrentValue.RateLimited.Replace(
            "{seconds}",
            Math.Max(1, (int)Math.Ceiling((ex.RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
}

/// <summary>How an answer finishes: its settlement, and the voice it was spoken in (whose material is then done with).</summary>
internal sealed record Finish(Func<FinishedAnswer, Settlement> Settlement, string? SpokenMediaId = null);
