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
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.AnswerMessage;

internal sealed class AnswerMessageCommandHandler(
    IMediator mediator,
    ReplySettler settler,
    AnswerSettlements settlements,
    SpokenAnswers voice,
    TextIntents intents,
    ContinueService continues,
    IContinuationStore continuations,
    IDeliveryLedger ledger,
    ReplyComposer composer,
    IOptionsMonitor<ChatOptions> chat,
    IOptionsMonitor<TextsOptions> texts,
    TimeProvider clock,
    ILogger<AnswerMessageCommandHandler> logger)
    : RequestHandlerBase<AnswerMessageCommand>
{
    protected override async Task HandleAsync(AnswerMessageCommand request, CancellationToken cancellationToken)
    {
        var answer = request.Answer;
        try
        {
            var question = answer.Question;
            if (request.VoiceMediaId is { } mediaId)
            {
                var heard = await HearAsync(answer, mediaId, request.VoiceFormat, cancellationToken);
                if (heard is null)
                {
                    return;
                }

                question = heard;
            }

            await AskAsync(answer, question, request.Speak, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested && !answer.IsClosed)
        {
            // Stopped before an answer existed (transcribing, or not started): the follower asks again.
            await FinishAsync(answer, settlements.Interrupted);
        }
        finally
        {
            answer.End();
        }
    }

    /// <summary>
    /// A voice without WeChat's recognition: its transcript means what the same text typed would (a command,
    /// "继续", a keyword reply or a question). Returns the question, or null when the message is settled otherwise.
    /// </summary>
    private async Task<string?> HearAsync(Answer answer, string mediaId, string? format, CancellationToken cancellationToken)
    {
        string transcript;
        try
        {
            transcript = await voice.TranscribeAsync(answer.OpenId, mediaId, format, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Transcribing {Key} failed: {ErrorType}: {Error}", answer.Key, ex.GetType().Name, ex.Message);
            await FinishAsync(answer, a => settlements.Canned(a, texts.CurrentValue.VoiceNotUnderstood, ReplyOutcome.Failed));
            return null;
        }

        if (transcript.Length == 0)
        {
            await FinishAsync(answer, a => settlements.Canned(a, texts.CurrentValue.VoiceNotUnderstood, ReplyOutcome.Canned));
            return null;
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

                return question.Text;
            case TextIntent.Continue:
                // A spoken "继续" is one: this message takes the next part, as a typed one would.
                answer.End();
                await continues.ContinueAsync(
                    answer.OpenId,
                    answer.Key,
                    async (part, take) => !(await settler.SettleAsync(new Settlement(answer.Key, Reply.Text(part), take is null ? ReplyOutcome.Canned : ReplyOutcome.Continued, clock.GetUtcNow()) { Take = take })).Conflict,
                    async () => await ledger.FindAsync(answer.Key, CancellationToken.None) is { Reply: not null },
                    cancellationToken);
                return null;
            default:
                var reply = await intents.ImmediateReplyAsync(answer.OpenId, intent, cancellationToken);
                await FinishAsync(answer, a => settlements.Canned(a, reply!, ReplyOutcome.Canned));
                return null;
        }
    }

    private async Task AskAsync(Answer answer, string question, bool speak, CancellationToken cancellationToken)
    {
        Conversations.AnswerQuestion.Answer written;
        try
        {
            written = await mediator.Send(new AnswerQuestionCommand(answer.OpenId, question, answer.Key, chat.CurrentValue.AnswerTimeout) { Into = answer }, cancellationToken);
        }
        catch (ThrottledException ex)
        {
            await FinishAsync(answer, a => settlements.Canned(a, Notice(ex), ReplyOutcome.Throttled));
            return;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The service is stopping and the grace period is over: keep what was written.
            var finished = await FinishAsync(answer, a => settlements.SavedAtShutdown(a, MarkdownText.ToPlain(a.Unread).Trim()));
            logger.LogWarning("Answer to {Key} stopped by shutdown; what was written is kept for 继续 ({Outcome})", answer.Key, finished.Won ? "the reply says so" : "after the reply given");
            return;
        }
        catch (Exception ex)
        {
            logger.LogWarning("Answer to {Key} failed: {ErrorType}: {Error}", answer.Key, ex.GetType().Name, ex.Message);
            await FinishAsync(answer, settlements.Failed);
            return;
        }

        var text = MarkdownText.ToPlain(written.Text);
        var earlier = await continuations.HasOpenAsync(answer.OpenId, answer.Key.Value, CancellationToken.None) ? texts.CurrentValue.EarlierAnswerWaiting : null;
        if (speak && voice.CanSpeak)
        {
            await voice.DeliverAsync(answer, text, written.Language, earlier, cancellationToken);
            return;
        }

        var first = composer.First(text, earlier);
        await FinishAsync(answer, a => settlements.Answered(a, text, first));
    }

    private Task<Settled> FinishAsync(Answer answer, Func<FinishedAnswer, Settlement> settlement) =>
        answer.FinishAsync(settlement, settler.SettleAsync);

    private string Notice(ThrottledException ex) => ex.Reason == ThrottleReason.Busy
        ? texts.CurrentValue.Busy
        : texts.CurrentValue.RateLimited.Replace(
            "{seconds}",
            Math.Max(1, (int)Math.Ceiling((ex.RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
}
