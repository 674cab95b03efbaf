using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.AnswerMessage;

/// <summary>
/// The settlements an answer finishes with: the reply, and what is kept for "继续" when it wins — and, in one
/// place (<see cref="AfterLoss"/>), what is kept when another reply of the message won first: the unread rest
/// after a partial, the whole answer after "still thinking", the fallback's rest after a voice gave way to its
/// text, a push after customer-service mode answered "success".
/// </summary>
public sealed class AnswerSettlements(IOptionsMonitor<TextsOptions> texts, IOptionsMonitor<WeChatOptions> weChat, FollowerText follower, TimeProvider clock)
{
    /// <param name="text">The whole answer as plain text.</param>
    /// <param name="first">Its first part (the reply) and the exact rest.</param>
    public Settlement Answered(FinishedAnswer answer, string text, FirstPart first) =>
        new(answer.Key, Reply.Text(first.Message), ReplyOutcome.Answered, clock.GetUtcNow())
        {
            IfWon = RestIfWon(answer, first.Rest),
            IfLost = winner => AfterLoss(answer, winner, text),
        };

    /// <param name="truncated">The voice speaks only the answer's beginning: the whole text waits for "继续".</param>
    public Settlement Spoken(FinishedAnswer answer, string text, VoiceReply voice, bool truncated) =>
        new(answer.Key, voice, ReplyOutcome.Answered, clock.GetUtcNow())
        {
            IfWon = RestIfWon(answer, truncated ? text : string.Empty),
            IfLost = winner => AfterLoss(answer, winner, text),
        };

    /// <summary>
    /// A drawn image as the reply. When another reply won first ("being drawn" at the last delivery), the image waits
    /// for "继续" — or, in customer-service mode after "success", it is pushed.
    /// </summary>
    public Settlement Drawn(FinishedAnswer answer, ImageReply image) =>
        new(answer.Key, image, ReplyOutcome.Answered, clock.GetUtcNow())
        {
            // A delivery that said "being drawn" may not have settled it (storage busy): the follower saw that, so it waits.
            IfWon = answer.WasCut ? new Keep.Picture(answer.OpenId, answer.Key.Value, answer.Question, image.MediaId) : null,
            IfLost = winner => winner is NoReply && weChat.CurrentValue.ReplyMode == ReplyMode.CustomerService
                ? new Keep.Push(Push.Picture(answer.Key.Value, answer.OpenId, answer.Question, image.MediaId, clock.GetUtcNow()))
                : new Keep.Picture(answer.OpenId, answer.Key.Value, answer.Question, image.MediaId),
        };

    /// <summary>The image could not be drawn: one short text; nothing is kept as history, and a "being drawn" shown ends there.</summary>
    public Settlement DrawingFailed(FinishedAnswer answer) =>
        new(answer.Key, Reply.Text(texts.CurrentValue.DrawFailed), ReplyOutcome.Failed, clock.GetUtcNow()) { IfLost = _ => new Keep.Failed(answer.Key.Value) };

    /// <summary>A reply decided without the model (a spoken command or keyword, a throttle notice, a voice not understood).</summary>
    public Settlement Canned(FinishedAnswer answer, string reply, ReplyOutcome outcome) =>
        new(answer.Key, Reply.Text(reply), outcome, clock.GetUtcNow()) { IfLost = winner => AfterLoss(answer, winner, reply) };

    /// <summary>The model failed: a short apology; nothing of the turn is kept, and a part already shown ends there.</summary>
    public Settlement Failed(FinishedAnswer answer) =>
        new(answer.Key, Reply.Text(texts.CurrentValue.Apology), ReplyOutcome.Failed, clock.GetUtcNow()) { IfLost = _ => new Keep.Failed(answer.Key.Value) };

    /// <summary>Stopped before an answer existed (transcribing, or not started): the follower asks again.</summary>
    public Settlement Interrupted(FinishedAnswer answer) =>
        new(answer.Key, Reply.Text(texts.CurrentValue.Interrupted), ReplyOutcome.Interrupted, clock.GetUtcNow()) { IfLost = _ => new Keep.Failed(answer.Key.Value) };

    /// <summary>
    /// The service stops and the grace period is over: what was written and not read waits for "继续" (which works
    /// after the restart), with a note that it stops short. With nothing unread, the follower asks again.
    /// </summary>
    public Settlement SavedAtShutdown(FinishedAnswer answer, string unread)
    {
        if (unread.Length == 0)
        {
            return Interrupted(answer);
        }

        var saved = new Keep.Rest(answer.OpenId, answer.Key.Value, answer.Question, unread + "\n\n" + texts.CurrentValue.AnswerCutShort);
        return new Settlement(answer.Key, Reply.Text(texts.CurrentValue.SavedAtShutdown), ReplyOutcome.Interrupted, clock.GetUtcNow())
        {
            IfWon = saved,
            IfLost = _ => saved,
        };
    }

    /// <summary>
    /// The model's stream broke off. When nothing of it was handed out, the follower gets the apology (it was
    /// retried once already); when a part was, the rest of what was written waits for "继续", marked as broken off.
    /// </summary>
    public Settlement BrokeOff(FinishedAnswer answer, string unread)
    {
        if (!answer.WasCut || unread.Length == 0)
        {
            return Failed(answer);
        }

        var kept = new Keep.Rest(answer.OpenId, answer.Key.Value, answer.Question, unread + "\n\n" + texts.CurrentValue.AnswerBrokeOff);
        return new Settlement(answer.Key, Reply.Text(texts.CurrentValue.Apology), ReplyOutcome.Failed, clock.GetUtcNow()) { IfWon = kept, IfLost = _ => kept };
    }

    /// <summary>What an answer keeps when another reply of its message won: follows from (winner, answer) alone.</summary>
    /// <param name="text">The whole answer as plain text.</param>
    public Keep AfterLoss(FinishedAnswer answer, Reply winner, string text)
    {
        if (winner is NoReply && weChat.CurrentValue.ReplyMode == ReplyMode.CustomerService)
        {
            // "success" at the first deadline: the follower waits for a push.
            return new Keep.Push(new Push(answer.Key.Value, answer.OpenId, answer.Question, text, clock.GetUtcNow()));
        }

        if (answer.Fallback is { } fallback && winner == fallback.Reply)
        {
            // The voice was late: its text went out instead, and that text's rest waits.
            return Rest(answer, fallback.Rest);
        }

        // After a partial, the follower read the beginning: the rest waits. After "still thinking", all of it.
        return Rest(answer, answer.Delivered > 0 ? follower.Of(answer.Unread) : text);
    }

    private static Keep.Rest Rest(FinishedAnswer answer, string text) => new(answer.OpenId, answer.Key.Value, answer.Question, text);

    /// <summary>
    /// What the answer's own reply leaves: nothing to write when nothing is left (most answers fit in one message,
    /// and no continuation of theirs exists) — unless a delivery already cut from it, whose settle may not have
    /// landed (storage busy): then the follower read that cut, and the unread rest is what waits.
    /// </summary>
    private Keep.Rest? RestIfWon(FinishedAnswer answer, string rest)
    {
        if (answer.OwnCut is AnswerCut.Fallback fallback)
        {
            return Rest(answer, fallback.Rest);
        }

        if (answer.WasCut)
        {
            return Rest(answer, follower.Of(answer.Unread));
        }

        return rest.Trim().Length == 0 ? null : Rest(answer, rest);
    }
}
