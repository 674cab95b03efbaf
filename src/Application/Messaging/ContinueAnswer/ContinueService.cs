using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Domain.Conversations;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.ContinueAnswer;

/// <summary>
/// "继续": the next part of the follower's most recent unfinished answer. When that answer is still being
/// written here, the "继续" holds it (its deliveries cut from it meanwhile) and takes the next part once it
/// ended. A part is taken together with its delivery — one transaction with the reply on WeChat — so that a
/// take that did not become the reply never happened, and two "继续" at once never get the same part.
/// </summary>
public sealed class ContinueService(
    IContinuationStore continuations,
    IConversationStore conversations,
    IAnswers answers,
    IDeliveryLedger ledger,
    IProcessLife life,
    LostAnswers lost,
    ReplySettler settler,
    ReplyComposer composer,
    IOptionsMonitor<TextsOptions> texts,
    IOptionsMonitor<ChatOptions> chat,
    IOptionsMonitor<WeChatOptions> weChat,
    TimeProvider clock)
{
    private const int Attempts = 5;

    /// <summary>How often a "继续" looks at an answer another instance writes.</summary>
    private static readonly TimeSpan RemotePoll = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Settles the reply of a "继续" message on WeChat with the next part (the take and the reply in one transaction)
    /// — or first with the follower's latest answer if no delivery can have shown it (WeChat gave up meanwhile).
    /// </summary>
    public async Task ContinueAsync(string openId, MessageKey key, CancellationToken cancellationToken)
    {
        if (await SettleUnreadAsync(openId, key, cancellationToken))
        {
            return;
        }

        if (answers.Latest(openId) is { } running && running.Key != key && await continuations.FindLatestOpenAsync(openId, cancellationToken) is null)
        {
            // The follower's question is still being answered here and none of its deliveries said so — WeChat gave up
            // on every one (a crowd: the follower saw its failure notice). Not "nothing to continue": this "继续" holds
            // that answer (its deliveries cut from it meanwhile) and, once it ended unread, is its reply — while this
            // "继续" has a delivery to carry it: past its own last delivery the answer waits, unread, for the next one.
            answers.Hold(key, running);
            var options = weChat.CurrentValue;
            var window = options.LastDeliveryAfter + options.ReplyDeadline;
            try
            {
                await running.Ended.WaitAsync(window < chat.CurrentValue.AnswerTimeout ? window : chat.CurrentValue.AnswerTimeout, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                return;
            }

            if (await AnsweredAsync(key) || await SettleUnreadAsync(openId, key, cancellationToken))
            {
                return;
            }
        }

        await NextAsync(
            openId,
            key,
            async (part, take) =>
            {
                var outcome = take is null ? ReplyOutcome.Canned : ReplyOutcome.Continued;
                return !(await settler.SettleAsync(new Settlement(key, part, outcome, clock.GetUtcNow()) { Take = take })).Conflict;
            },
            async () => await AnsweredAsync(key) || await SettleUnreadAsync(openId, key, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Settles the follower's latest answer as this "继续"'s reply when no delivery can have shown it (WeChat gave up
    /// meanwhile), marking it read; false when there is none. Also the last delivery's partial reply WeChat hung up on:
    /// the part it cut is not in what "继续" takes next, so it comes first — as the follower would have read it, or
    /// without its "继续" hint when nothing is left after it.
    /// </summary>
    private async Task<bool> SettleUnreadAsync(string openId, MessageKey key, CancellationToken cancellationToken)
    {
        if (await ledger.FindUnreadAnswerAsync(openId, weChat.CurrentValue.ReplyDeadline, cancellationToken) is not { } unread)
        {
            return false;
        }

        var reply = unread.Reply;
        if (unread.Partial)
        {
            // A partial without a cut ("still thinking", the queued text) took nothing: the whole answer waits as it is.
            var hint = texts.CurrentValue.PartialHint;
            if (reply is not TextReply { Content: var content } || hint.Length == 0 || !content.EndsWith(hint, StringComparison.Ordinal))
            {
                return false;
            }

            if (await continuations.FindLatestOpenAsync(openId, cancellationToken) is not { } open || open.SourceKey != unread.Key.Value)
            {
                reply = Reply.Text(content[..^hint.Length]);
            }
        }

        // Whichever settlement of this "继续" wins, it is the one reply: a lost one leaves the answer unread.
        await settler.SettleAsync(new Settlement(key, reply, ReplyOutcome.Continued, clock.GetUtcNow()) { Reads = unread.Key }, CancellationToken.None);
        return true;
    }

    /// <summary>Whether this "继续" was answered already (a delivery of it cut from the answer it held).</summary>
    private async Task<bool> AnsweredAsync(MessageKey key) => await ledger.FindAsync(key, CancellationToken.None) is { Reply: not null };

    /// <summary>The next part for the consumer API, which has no window and no ledger row: the take is the whole transaction.</summary>
    public async Task<string> NextForApiAsync(string openId, CancellationToken cancellationToken)
    {
        var reply = string.Empty;
        await NextAsync(
            openId,
            MessageKey.ForApi(Guid.NewGuid()),
            async (part, take) =>
            {
                if (take is not null && !await continuations.TakeAsync(take, CancellationToken.None))
                {
                    return false;
                }

                // The API answers in text: a drawn image waiting is said to be one (the API cannot draw).
                reply = part is TextReply text ? text.Content : texts.CurrentValue.DrawNotHere;
                return true;
            },
            () => Task.FromResult(false),
            cancellationToken);
        return reply;
    }

    /// <param name="requester">The "继续" message.</param>
    /// <param name="deliver">
    /// Delivers a part with the take it is (null: a text that takes nothing); false when the take lost its race
    /// and the part must be read again.
    /// </param>
    /// <param name="answeredMeanwhile">Whether the requester was answered while it held a running answer (a cut).</param>
    private async Task NextAsync(string openId, MessageKey requester, Func<Reply, ContinuationTake?, Task<bool>> deliver, Func<Task<bool>> answeredMeanwhile, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var continuation = await continuations.FindLatestOpenAsync(openId, cancellationToken);
            if (continuation is null)
            {
                await deliver(Reply.Text(texts.CurrentValue.NothingToContinue), null);
                return;
            }

            if (continuation.State == ContinuationState.Generating)
            {
                var source = MessageKey.Parse(continuation.SourceKey);
                if (answers.Find(source) is { } running && running.Key == source)
                {
                    answers.Hold(requester, running);
                    await running.Ended.WaitAsync(chat.CurrentValue.AnswerTimeout, clock, cancellationToken);
                    if (await answeredMeanwhile())
                    {
                        return;
                    }
                }
                else if (await ledger.FindAsync(source, cancellationToken) is { Owner: { } owner } && owner != life.Id && await life.IsAliveAsync(owner, cancellationToken))
                {
                    // Written by another instance that still runs: its end shows in the continuation it keeps.
                    if (!await RemoteEndAsync(continuation, answeredMeanwhile, cancellationToken))
                    {
                        return;
                    }
                }
                else
                {
                    // Its work is gone (the process stopped mid-answer): what it shared waits, or nothing more will come.
                    if (!await lost.KeepRestAsync(continuation, cancellationToken))
                    {
                        await continuations.FailAsync(continuation.SourceKey, clock.GetUtcNow(), CancellationToken.None);
                    }
                }

                continue;
            }

            var before = continuation.PartsTaken;
            if (continuation.PictureMediaId is { } mediaId && !continuation.Failed)
            {
                // A drawn image that no delivery showed: it is the reply, once.
                continuation.TakePicture(requester.Value, clock.GetUtcNow());
                if (await deliver(new ImageReply(mediaId), new ContinuationTake(continuation, before)))
                {
                    return;
                }

                continue;
            }

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

            if (await deliver(Reply.Text(continuation.LastPart!), new ContinuationTake(continuation, before)))
            {
                return;
            }

            // Another "继续" took this part at the same moment: read the next one.
        }

        await deliver(Reply.Text(texts.CurrentValue.NothingToContinue), null);
    }

    /// <summary>
    /// Waits while another instance writes the answer: until its continuation is no longer generating (its rest kept),
    /// or its owner is gone, or the answer's time limit passed. False when the "继续" was answered meanwhile.
    /// </summary>
    private async Task<bool> RemoteEndAsync(Continuation generating, Func<Task<bool>> answeredMeanwhile, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + chat.CurrentValue.AnswerTimeout;
        while (clock.GetUtcNow() < until)
        {
            await Task.Delay(RemotePoll, clock, cancellationToken);
            if (await answeredMeanwhile())
            {
                return false;
            }

            var now = await continuations.FindLatestOpenAsync(generating.OpenId, cancellationToken);
            if (now is null || now.Id != generating.Id || now.State != ContinuationState.Generating)
            {
                return true;
            }

            var record = await ledger.FindAsync(MessageKey.Parse(generating.SourceKey), cancellationToken);
            if (record?.Owner is not { } owner || !await life.IsAliveAsync(owner, cancellationToken))
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>Whether the follower asked something else after this answer's question.</summary>
    private async Task<bool> IsEarlierAnswerAsync(Continuation continuation, CancellationToken cancellationToken)
    {
        var latest = await conversations.HistoryAsync(continuation.OpenId, 0, 1, cancellationToken);
        return latest.Count > 0 && latest[0].MessageKey != continuation.SourceKey;
    }
}
