using System.Globalization;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Conversations.AnswerQuestion;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.Work;

public sealed record QuestionRequest(MessageKey Key, string OpenId, string Question);

/// <summary>
/// The background work of one question: asks the model (through the pipeline, streaming into the
/// coordinator), then fixes the key's reply — or, when a partial answer was already shown, stores the
/// rest for "继续". Runs detached from WeChat's requests; no answer is ever dropped.
/// </summary>
public sealed class QuestionWork(
    IMediator mediator,
    IReplyCoordinator coordinator,
    ReplyFixer fixer,
    IContinuationStore continuations,
    ReplyComposer composer,
    CustomerServicePusher pusher,
    IOptionsMonitor<WeChatOptions> weChat,
    IOptionsMonitor<ChatOptions> chat,
    IOptionsMonitor<TextsOptions> texts,
    TimeProvider clock,
    ILogger<QuestionWork> logger)
{
    public async Task RunAsync(QuestionRequest request, CancellationToken cancellationToken)
    {
        var key = request.Key;
        try
        {
            Answer answer;
            try
            {
                var command = new AnswerQuestionCommand(request.OpenId, request.Question, key, Stream: true, chat.CurrentValue.AnswerTimeout);
                answer = await mediator.Send(command, cancellationToken);
            }
            catch (ThrottledException ex)
            {
                coordinator.CloseStream(key);
                await fixer.FixAsync(key, Reply.Text(Notice(ex)));
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var failed = coordinator.CloseStream(key);
                logger.LogWarning("Answer to {Key} failed: {ErrorType}: {Error}", key, ex.GetType().Name, ex.Message);
                if (failed.Delivered == 0)
                {
                    await fixer.FixAsync(key, Reply.Text(texts.CurrentValue.Apology));
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
                await continuations.SetRemainderAsync(request.OpenId, key.Value, request.Question, MarkdownText.ToPlain(rest), clock.GetUtcNow(), CancellationToken.None);
                return;
            }

            // Nothing shown yet — or only text of an attempt the model started over from, in which case the
            // reply is already fixed and DeliverAsync stores the whole answer for "继续".
            await DeliverAsync(request, MarkdownText.ToPlain(answer.Text), cancellationToken);
        }
        finally
        {
            coordinator.End(key);
        }
    }

    private async Task DeliverAsync(QuestionRequest request, string text, CancellationToken cancellationToken)
    {
        var key = request.Key;
        var note = await continuations.HasOpenAsync(request.OpenId, key.Value, CancellationToken.None)
            ? texts.CurrentValue.EarlierAnswerWaiting
            : null;
        var first = composer.First(text, note);
        if (first.Rest.Length > 0)
        {
            // Stored before the reply is fixed, so that a "继续" right after finds it.
            await continuations.SetRemainderAsync(request.OpenId, key.Value, request.Question, first.Rest, clock.GetUtcNow(), CancellationToken.None);
        }

        var reply = Reply.Text(first.Message);
        var winner = await fixer.FixAsync(key, reply);
        if (winner == reply)
        {
            return;
        }

        if (winner is NoReply && weChat.CurrentValue.ReplyMode == ReplyMode.CustomerService)
        {
            // The reply window answered "success": the answer goes out through the customer-service API.
            await pusher.PushAsync(request.OpenId, key.Value, request.Question, text, cancellationToken);
            return;
        }

        // The window answered with a notice a moment before the answer was ready: all of it waits for "继续".
        await continuations.SetRemainderAsync(request.OpenId, key.Value, request.Question, text, clock.GetUtcNow(), CancellationToken.None);
    }

    private string Notice(ThrottledException ex) => ex.Reason == ThrottleReason.Busy
        ? texts.CurrentValue.Busy
        : texts.CurrentValue.RateLimited.Replace(
            "{seconds}",
            Math.Max(1, (int)Math.Ceiling((ex.RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
}
