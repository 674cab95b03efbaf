using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Conversations;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Messaging;

/// <summary>The ledger alone decides: which life owns a message's work, which reply is its, and which take of a part counts.</summary>
public sealed class LedgerTests(LedgerTests.Factory factory) : IClassFixture<LedgerTests.Factory>
{
    public sealed class Factory : WeChatGptFactory;

    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUnansweredRowOwnedByALifeThatIsGone_IsAnsweredInterrupted_WithoutTheModel()
    {
        var msgId = Messages.NextMsgId();
        var xml = Messages.Text("o-dead-life", $"lost {msgId}", msgId);
        await RecordAsync(MessageKey.ForMessage(msgId), "o-dead-life", owner: "a-life-that-stopped");

        var reply = await factory.WeChat().PostAsync(xml, cancellationToken: Ct);

        reply.Body.ShouldContain(Texts.Interrupted);
        factory.Model.RequestCount($"lost {msgId}").ShouldBe(0);
    }

    [Fact]
    public async Task AnUnansweredRowOwnedByThisLife_Waits_ForTheReplyItsWorkSettles()
    {
        var msgId = Messages.NextMsgId();
        var key = MessageKey.ForMessage(msgId);
        var xml = Messages.Text("o-live-life", $"running {msgId}", msgId);
        await RecordAsync(key, "o-live-life", owner: factory.Services.GetRequiredService<IProcessLife>().Id);

        var delivery = factory.WeChat().PostAsync(xml, cancellationToken: Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        delivery.IsCompleted.ShouldBeFalse("a redelivery of live work waits for it");
        await SettleAsync(new Settlement(key, Reply.Text("工作完成了。"), ReplyOutcome.Answered, DateTimeOffset.UtcNow));

        (await delivery).Body.ShouldContain("工作完成了。");
        factory.Model.RequestCount($"running {msgId}").ShouldBe(0);
    }

    [Fact]
    public async Task TheFirstSettlementWins_AndTheLoserKeepsWhatFollowsFromTheWinner()
    {
        var key = MessageKey.ForMessage(Messages.NextMsgId());
        await RecordAsync(key, "o-settle", owner: "me");

        var first = await SettleAsync(new Settlement(key, Reply.Text("部分"), ReplyOutcome.Partial, DateTimeOffset.UtcNow));
        var second = await SettleAsync(new Settlement(key, Reply.Text("全文"), ReplyOutcome.Answered, DateTimeOffset.UtcNow)
        {
            IfWon = new Keep.Rest("o-settle", key.Value, "问题", "不该留下"),
            IfLost = winner => new Keep.Rest("o-settle", key.Value, "问题", winner == Reply.Text("部分") ? "部分之后的内容" : "错了"),
        });

        first.Won.ShouldBeTrue();
        second.Won.ShouldBeFalse();
        second.Winner.ShouldBe(Reply.Text("部分"));
        (await ContinuationAsync(key)).RemainingText.ShouldBe("部分之后的内容");
    }

    [Fact]
    public async Task TwoContinuesTakingTheSamePart_OnlyOneTakesIt_AndTheOthersReplyIsNotWritten()
    {
        var source = MessageKey.ForMessage(Messages.NextMsgId());
        await RecordAsync(source, "o-takes", owner: "me");
        await SettleAsync(new Settlement(source, Reply.Text("第一段"), ReplyOutcome.Answered, DateTimeOffset.UtcNow) { IfWon = new Keep.Rest("o-takes", source.Value, "问题", "第二段") });
        var a = MessageKey.ForMessage(Messages.NextMsgId());
        var b = MessageKey.ForMessage(Messages.NextMsgId());
        await RecordAsync(a, "o-takes", owner: "me");
        await RecordAsync(b, "o-takes", owner: "me");
        var continuation = await ContinuationAsync(source);
        var takeA = Take(continuation, a, "第二段");
        var takeB = Take(await ContinuationAsync(source), b, "第二段");

        var settled = await Task.WhenAll(
            SettleAsync(new Settlement(a, Reply.Text("第二段"), ReplyOutcome.Continued, DateTimeOffset.UtcNow) { Take = takeA }),
            SettleAsync(new Settlement(b, Reply.Text("第二段"), ReplyOutcome.Continued, DateTimeOffset.UtcNow) { Take = takeB }));

        settled.Count(s => s.Won).ShouldBe(1);
        settled.Count(s => s.Conflict).ShouldBe(1);
        var loser = settled[0].Conflict ? a : b;
        await using var scope = factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<IDeliveryLedger>().FindAsync(loser, Ct))!.Reply.ShouldBeNull("a take that lost its race leaves its reply unwritten");
        var after = await ContinuationAsync(source);
        after.PartsTaken.ShouldBe(1);
        after.State.ShouldBe(ContinuationState.Done);
    }

    private static ContinuationTake Take(Continuation continuation, MessageKey by, string part)
    {
        var before = continuation.PartsTaken;
        continuation.Take(by.Value, part, string.Empty, DateTimeOffset.UtcNow);
        return new ContinuationTake(continuation, before);
    }

    [Fact]
    public async Task AnAnswerSettledAfterItsLastDeliveryStoppedWaiting_IsUnread_AndAReplyThatNeverReachedWeChatToo()
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<IDeliveryLedger>();
        var store = scope.ServiceProvider.GetRequiredService<IConversationStore>();
        var hold = TimeSpan.FromSeconds(4.5);
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        // Settled 2 s after its delivery (the delivery was still waiting): read.
        var (openId, key) = await AnsweredAsync(ledger, store, at, settledAfter: TimeSpan.FromSeconds(2), "在等的时候写完。");
        (await ledger.FindUnreadAnswerAsync(openId, hold, Ct)).ShouldBeNull();
        // ... unless WeChat had hung up on that delivery.
        await ledger.AbandonedAsync(key, at, hold, Ct);
        (await ledger.FindUnreadAnswerAsync(openId, hold, Ct)).ShouldBe(new UnreadAnswer(key, Reply.Text("在等的时候写完。")));

        // A delivery abandoned after a later one came (which may have carried the answer) changes nothing.
        var (again, againKey) = await AnsweredAsync(ledger, store, at, settledAfter: TimeSpan.FromSeconds(2), "第二次投递带走了。");
        await ledger.RecordAsync(againKey, again, "text", at.AddSeconds(1), "test-life", null, late: false, Ct);
        await ledger.AbandonedAsync(againKey, at, hold, Ct);
        (await ledger.FindUnreadAnswerAsync(again, hold, Ct)).ShouldBeNull();

        // A redelivery read after the answer was settled, that WeChat hung up on before it carried it: unread too.
        var (crowd, crowdKey) = await AnsweredAsync(ledger, store, at, settledAfter: TimeSpan.FromSeconds(2), "读到时已写完，却没送到。");
        await ledger.RecordAsync(crowdKey, crowd, "text", at.AddSeconds(3), "test-life", null, late: false, Ct);
        await ledger.AbandonedAsync(crowdKey, at.AddSeconds(3), hold, Ct);
        (await ledger.FindUnreadAnswerAsync(crowd, hold, Ct)).ShouldBe(new UnreadAnswer(crowdKey, Reply.Text("读到时已写完，却没送到。")));

        // Settled 6 s after the delivery (it had stopped waiting) — unread; a "继续" that hands it out reads it.
        var (late, lateKey) = await AnsweredAsync(ledger, store, at, settledAfter: TimeSpan.FromSeconds(6), "没人等到。");
        (await ledger.FindUnreadAnswerAsync(late, hold, Ct)).ShouldBe(new UnreadAnswer(lateKey, Reply.Text("没人等到。")));
        var continueKey = MessageKey.ForMessage(Messages.NextMsgId());
        await ledger.RecordAsync(continueKey, late, "text", at.AddSeconds(30), "test-life", null, late: false, Ct);
        (await ledger.SettleAsync(new Settlement(continueKey, Reply.Text("没人等到。"), ReplyOutcome.Continued, at.AddSeconds(30)) { Reads = lateKey }, Ct)).Won.ShouldBeTrue();
        (await ledger.FindUnreadAnswerAsync(late, hold, Ct)).ShouldBeNull();
    }

    private static async Task<(string OpenId, MessageKey Key)> AnsweredAsync(IDeliveryLedger ledger, IConversationStore store, DateTimeOffset at, TimeSpan settledAfter, string answer)
    {
        var openId = $"o-unread-{Guid.NewGuid():N}"[..28];
        var key = MessageKey.ForMessage(Messages.NextMsgId());
        await ledger.RecordAsync(key, openId, "text", at, "test-life", null, late: false, Ct);
        var conversation = await store.GetOpenAsync(openId, at, Ct);
        await store.AddTurnAsync(conversation.Record(key.Value, "问题", answer, at, at + settledAfter), Ct);
        (await ledger.SettleAsync(new Settlement(key, Reply.Text(answer), ReplyOutcome.Answered, at + settledAfter), Ct)).Won.ShouldBeTrue();
        return (openId, key);
    }

    private async Task RecordAsync(MessageKey key, string openId, string owner)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IDeliveryLedger>().RecordAsync(key, openId, "text", DateTimeOffset.UtcNow, owner, null, late: false, Ct);
    }

    private async Task<Settled> SettleAsync(Settlement settlement)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDeliveryLedger>().SettleAsync(settlement, Ct);
    }

    private async Task<Continuation> ContinuationAsync(MessageKey source)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Continuations.AsNoTracking().SingleAsync(c => c.SourceKey == source.Value, Ct);
    }
}
