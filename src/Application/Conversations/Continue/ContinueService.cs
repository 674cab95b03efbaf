using Microsoft.Extensions.Options;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Conversations;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Conversations.Continue;

/// <summary>
/// "继续": the next part of the follower's most recent unfinished answer. The part is prepared first and
/// committed only once it is the message's reply, so that no part is ever lost to a race; a redelivered
/// "继续" gets the same part again.
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

            var expected = continuation.PartsTaken;
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

            return new ContinueOutcome.Part(continuation.LastPart!, continuation, expected);
        }

        return new ContinueOutcome.Part(texts.CurrentValue.NothingToContinue);
    }

    /// <summary>Records that the part was delivered. False when another "继续" took it at the same moment.</summary>
    public Task<bool> CommitAsync(ContinueOutcome.Part part) =>
        part.Continuation is null
            ? Task.FromResult(true)
            : continuations.SaveTakeAsync(part.Continuation, part.ExpectedPartsTaken, CancellationToken.None);

    /// <summary>Whether the follower asked something else after this answer's question.</summary>
    private async Task<bool> IsEarlierAnswerAsync(Continuation continuation, CancellationToken cancellationToken)
    {
        var latest = await conversations.HistoryAsync(continuation.OpenId, 0, 1, cancellationToken);
        return latest.Count > 0 && latest[0].MessageKey != continuation.SourceKey;
    }
}
