using Microsoft.Extensions.Options;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Conversations;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.Application.Conversations.Continue;

/// <summary>
/// "继续": the next part of the follower's most recent unfinished answer. A take is committed before its
/// reply is fixed (so that the next "继续" gets the next part) and put back if the reply went another way
/// (so that no part is lost); a redelivered "继续" gets the same part again.
/// </summary>
public sealed class ContinueService(
    IContinuationStore continuations,
    IConversationStore conversations,
    IReplyCoordinator coordinator,
    ReplyComposer composer,
    IOptionsMonitor<TextsOptions> texts,
    TimeProvider clock)
{
    private const int Attempts = 3;

    public async Task<ContinueOutcome> NextAsync(string openId, MessageKey requester, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var continuation = await continuations.FindLatestOpenAsync(openId, requester.Value, cancellationToken);
            if (continuation is null)
            {
                return new ContinueOutcome.Part(texts.CurrentValue.NothingToContinue);
            }

            if (continuation.LastTakenBy == requester.Value && continuation.LastPart is { } again)
            {
                return new ContinueOutcome.Part(again);
            }

            if (continuation.State == ContinuationState.Generating)
            {
                var source = MessageKey.Parse(continuation.SourceKey);
                if (coordinator.IsActive(source))
                {
                    return new ContinueOutcome.Generating(source);
                }

                // Its work is gone (the process stopped mid-answer): nothing more will come.
                await continuations.FailAsync(continuation.SourceKey, clock.GetUtcNow(), CancellationToken.None);
                continue;
            }

            var before = continuation.Copy();
            if (continuation.Failed)
            {
                continuation.Take(requester.Value, texts.CurrentValue.ContinuationFailed, string.Empty, clock.GetUtcNow());
            }
            else
            {
                var question = await IsEarlierAnswerAsync(continuation, cancellationToken) ? continuation.QuestionPreview : null;
                var next = composer.Next(continuation.RemainingText, question);
                continuation.Take(requester.Value, next.Message, next.Rest, clock.GetUtcNow());
            }

            if (await continuations.SaveTakeAsync(continuation, before.PartsTaken, cancellationToken))
            {
                return new ContinueOutcome.Part(continuation.LastPart!, continuation, before);
            }

            // Another "继续" took this part at the same moment: take the next one.
        }

        return new ContinueOutcome.Part(texts.CurrentValue.NothingToContinue);
    }

    /// <summary>The part did not become the reply: put the continuation back as it was (unless it moved on since).</summary>
    public Task RevertAsync(ContinueOutcome.Part part) =>
        part is { Continuation: { } taken, Before: { } before }
            ? continuations.SaveTakeAsync(before, taken.PartsTaken, CancellationToken.None)
            : Task.CompletedTask;

    /// <summary>Whether the follower asked something else after this answer's question.</summary>
    private async Task<bool> IsEarlierAnswerAsync(Continuation continuation, CancellationToken cancellationToken)
    {
        var latest = await conversations.HistoryAsync(continuation.OpenId, 0, 1, cancellationToken);
        return latest.Count > 0 && latest[0].MessageKey != continuation.SourceKey;
    }
}
