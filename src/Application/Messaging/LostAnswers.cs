using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Domain.Conversations;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Answers whose owner died mid-answer (another instance, killed): what it shared of them is handed out — never the
/// failure notice, never a second model call. A delivery of the question gets that text (with a note that it stops
/// short); a "继续" after a part was shown gets the rest of it. With nothing shared, the follower asks again.
/// </summary>
public sealed class LostAnswers(
    IAnswerStreams streams,
    IContinuationStore continuations,
    FollowerText follower,
    ReplyComposer composer,
    IOptionsMonitor<TextsOptions> texts,
    Admin.FailureReporter failures,
    TimeProvider clock)
{
    /// <summary>The reply of <paramref name="openId"/>'s message whose work was lost with its owner (on the owner's record either way).</summary>
    /// <param name="question">The message's question, when it is a text.</param>
    public async Task<Settlement> SettlementAsync(MessageKey key, string openId, string? question, CancellationToken cancellationToken)
    {
        var shared = await streams.FindAsync(key, cancellationToken);
        var text = shared is null ? string.Empty : Plain(shared.Streamed.Text, 0);
        if (text.Length == 0)
        {
            failures.Report(openId, Domain.Operations.FailureKinds.Interrupted, null, "The process writing the answer stopped before it wrote any; the follower was asked to send the question again.", question);
            return new Settlement(key, Reply.Text(texts.CurrentValue.Interrupted), ReplyOutcome.Interrupted, clock.GetUtcNow());
        }

        failures.Report(openId, Domain.Operations.FailureKinds.Interrupted, null, "The instance writing the answer stopped; what it had written was handed out.", shared!.Streamed.Question);

        var first = composer.First(text + "\n\n" + texts.CurrentValue.AnswerCutShort, note: null);
        return new Settlement(key, Reply.Text(first.Message), ReplyOutcome.Interrupted, clock.GetUtcNow())
        {
            IfWon = first.Rest.Trim().Length == 0 ? null : new Keep.Rest(shared.Streamed.OpenId, key.Value, shared.Streamed.Question, first.Rest),
        };
    }

    /// <summary>
    /// A part of the answer was shown and its owner died before it kept the rest: the rest of what it shared waits
    /// for "继续" (with the note). False when nothing of it was shared or cut.
    /// </summary>
    public async Task<bool> KeepRestAsync(Continuation generating, CancellationToken cancellationToken)
    {
        if (!streams.Shared || await streams.FindAsync(MessageKey.Parse(generating.SourceKey), cancellationToken) is not { Cut: { } cut } shared)
        {
            return false;
        }

        var rest = Plain(shared.Streamed.Text, cut);
        await continuations.SetRemainderAsync(
            generating.OpenId,
            generating.SourceKey,
            generating.QuestionPreview,
            rest.Length == 0 ? texts.CurrentValue.AnswerCutShort : rest + "\n\n" + texts.CurrentValue.AnswerCutShort,
            clock.GetUtcNow(),
            CancellationToken.None);
        return true;
    }

    /// <summary>The raw streamed text from <paramref name="from"/>, as the follower may read it (never a banned word's beginning).</summary>
    private string Plain(string streamed, int from)
    {
        var safe = follower.SafeLength(streamed);
        return from >= safe ? string.Empty : follower.Of(streamed[from..safe]).Trim();
    }
}
