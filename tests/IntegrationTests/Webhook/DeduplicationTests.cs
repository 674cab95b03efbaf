using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Webhook;

public sealed class DeduplicationTests(DeduplicationTests.Factory factory) : IClassFixture<DeduplicationTests.Factory>
{
    public sealed class Factory : WeChatGptFactory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameMsgIdPostedThreeTimes_RunsTheHandlerOnce_AndRepliesTheSame()
    {
        var wechat = factory.WeChat();
        var msgId = Messages.NextMsgId();
        var push = wechat.Push(Messages.Text("o-dedupe", $"question {msgId}", msgId));

        var first = await push.SendAsync(Ct);
        var second = await push.SendAsync(Ct);
        var third = await push.SendAsync(Ct);

        factory.Model.RequestCount($"question {msgId}").ShouldBe(1);
        first.Body.ShouldContain($"question {msgId}");
        Messages.WithoutCreateTime(second.Body).ShouldBe(Messages.WithoutCreateTime(first.Body));
        Messages.WithoutCreateTime(third.Body).ShouldBe(Messages.WithoutCreateTime(first.Body));
        var row = await Ledger(msgId);
        row.Count.ShouldBe(3);
        row.State.ShouldBe(DeliveryState.Replied);
    }

    [Fact]
    public async Task ConcurrentDeliveries_OfOneMessage_RunTheHandlerOnce()
    {
        var wechat = factory.WeChat();
        var msgId = Messages.NextMsgId();
        var question = $"parallel {msgId}";
        factory.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = r.LastUserMessage == question ? TimeSpan.FromMilliseconds(300) : TimeSpan.Zero };
        var push = wechat.Push(Messages.Text("o-concurrent", question, msgId));

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => push.SendAsync(Ct)));

        factory.Model.RequestCount(question).ShouldBe(1);
        responses.Select(r => Messages.WithoutCreateTime(r.Body)).Distinct().Count().ShouldBe(1);
        responses[0].Body.ShouldContain($"parallel {msgId}");
        (await Ledger(msgId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task ARedeliveryOfAnAnswerInFlightHere_IsALookup_AndWhatItChangedIsWrittenWithTheSettlement()
    {
        var wechat = factory.WeChat();
        var msgId = Messages.NextMsgId();
        var question = $"in flight {msgId}";
        factory.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = r.LastUserMessage == question ? TimeSpan.FromSeconds(2) : TimeSpan.Zero };
        var push = wechat.Push(Messages.Text("o-in-flight", question, msgId));

        var first = push.SendAsync(Ct);
        await Eventually.TrueAsync(() => factory.Model.RequestCount(question) == 1, TimeSpan.FromSeconds(3));
        var sentAgainAt = DateTimeOffset.UtcNow;
        var second = push.SendAsync(Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);

        // The second delivery waits for the answer: the row was not written for it.
        first.IsCompleted.ShouldBeFalse();
        var streaming = await Ledger(msgId);
        streaming.Count.ShouldBe(1);
        streaming.LastSeenAt.ShouldBe(streaming.FirstSeenAt);

        var replies = await Task.WhenAll(first, second);
        replies.ShouldAllBe(r => r.Body.Contains("答：" + question));
        var settled = await Ledger(msgId);
        settled.State.ShouldBe(DeliveryState.Replied);
        settled.Count.ShouldBe(2);
        settled.LastSeenAt.ShouldBeGreaterThanOrEqualTo(sentAgainAt.AddMilliseconds(-5));
        settled.LastSeenAt.ShouldBeGreaterThan(settled.FirstSeenAt);

        // After the settlement a redelivery is recorded in the database, as it always was.
        (await push.SendAsync(Ct)).Body.ShouldContain("答：" + question);
        (await Ledger(msgId)).Count.ShouldBe(3);
    }

    [Theory]
    [InlineData(20, true)]
    [InlineData(14, true)]
    [InlineData(2, false)]
    public async Task ARedeliveryReadAfterWeChatGaveUp_DoesNotCountAsShowingTheAnswer(int sentSecondsAgo, bool continueGetsIt)
    {
        // A crowd's queue: the answer was settled while no delivery waited, and the last delivery is read so late
        // (CreateTime 20 s ago: WeChat's third delivery stopped waiting at ~15 s) that nobody takes its reply — or
        // (14 s ago, read a second or two later) its reply is written after WeChat's last wait may have ended (15 s): it
        // may reach no one, and is kept.
        var wechat = factory.WeChat();
        var msgId = Messages.NextMsgId();
        var openId = $"o-late-{msgId}";
        var question = $"late {msgId}";
        factory.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = r.LastUserMessage == question ? TimeSpan.FromSeconds(1) : TimeSpan.Zero };
        var push = wechat.Push(Messages.Text(openId, question, msgId, DateTimeOffset.UtcNow.AddSeconds(-sentSecondsAgo).ToUnixTimeSeconds()));

        using (var hangUp = new CancellationTokenSource())
        {
            var first = push.SendAsync(hangUp.Token);
            await Eventually.TrueAsync(() => factory.Model.RequestCount(question) == 1, TimeSpan.FromSeconds(3));
            await hangUp.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(first);
        }

        await Eventually.TrueAsync(async () => (await Ledger(msgId)).State == DeliveryState.Replied, TimeSpan.FromSeconds(5));
        (await push.SendAsync(Ct)).Body.ShouldContain("答：" + question);

        var more = await wechat.PostAsync(Messages.Text(openId, "继续"), WireMode.Plaintext, Ct);
        if (continueGetsIt)
        {
            more.Body.ShouldContain("答：" + question);
        }
        else
        {
            more.Body.ShouldContain(new Application.Common.Texts.TextsOptions().NothingToContinue);
        }
    }

    [Fact]
    public async Task AContinueReadAfterWeChatGaveUp_KeepsThePartItTook_ForTheNextContinue()
    {
        // A crowd's queue: the "继续" is read so late (CreateTime 16 s ago: WeChat's last wait for it ended at ~15 s) that
        // its reply, the answer's second part, is written for no one. The part was taken all the same: the next "继续"
        // gives it again, then the rest.
        var wechat = factory.WeChat();
        var openId = $"o-lost-part-{Messages.NextMsgId()}";
        var answer = string.Concat(Enumerable.Range(1, 300).Select(i => $"第{i:000}句话。"));
        factory.Model.Script = _ => new ModelScript { Answer = answer };

        var first = wechat.OpenReply(await wechat.PostAsync(Messages.Text(openId, $"long {openId}"), WireMode.Plaintext, Ct))["Content"];
        var late = wechat.OpenReply(await wechat.PostAsync(Messages.Text(openId, "继续", createTime: DateTimeOffset.UtcNow.AddSeconds(-16).ToUnixTimeSeconds()), WireMode.Plaintext, Ct))["Content"];
        var again = wechat.OpenReply(await wechat.PostAsync(Messages.Text(openId, "继续"), WireMode.Plaintext, Ct))["Content"];
        var rest = wechat.OpenReply(await wechat.PostAsync(Messages.Text(openId, "继续"), WireMode.Plaintext, Ct))["Content"];

        again.ShouldBe(late, "the part WeChat gave up on comes again");
        (Messages.StripHint(first) + Messages.StripHint(again) + Messages.StripHint(rest)).ShouldBe(answer);
    }

    [Fact]
    public async Task AContinueReadAfterWeChatGaveUp_KeepsTheUnreadAnswerItGave_ForTheNextContinue()
    {
        // Every delivery of the question missed (read 20 s late); the first "继续" would give its answer, but is read
        // late too. The answer it gave reached no one: the next "继续" gives it.
        var wechat = factory.WeChat();
        var openId = $"o-lost-whole-{Messages.NextMsgId()}";
        var question = $"unread {openId}";
        factory.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage };
        var ago = (int seconds) => DateTimeOffset.UtcNow.AddSeconds(-seconds).ToUnixTimeSeconds();

        (await wechat.PostAsync(Messages.Text(openId, question, createTime: ago(20)), WireMode.Plaintext, Ct)).Body.ShouldContain("答：" + question);
        var late = wechat.OpenReply(await wechat.PostAsync(Messages.Text(openId, "继续", createTime: ago(16)), WireMode.Plaintext, Ct))["Content"];
        var again = wechat.OpenReply(await wechat.PostAsync(Messages.Text(openId, "继续"), WireMode.Plaintext, Ct))["Content"];
        var after = wechat.OpenReply(await wechat.PostAsync(Messages.Text(openId, "继续"), WireMode.Plaintext, Ct))["Content"];

        late.ShouldBe("答：" + question);
        again.ShouldBe(late);
        after.ShouldBe(new Application.Common.Texts.TextsOptions().NothingToContinue);
    }


    [Fact]
    public async Task SameMsgIdInSafeMode_WithFreshEncryption_IsStillOneMessage()
    {
        // WeChat re-encrypts nothing on redelivery, but a key is a key whatever the envelope.
        var msgId = Messages.NextMsgId();
        var xml = Messages.Text("o-dedupe-safe", $"safe {msgId}", msgId);

        await factory.WeChat().PostAsync(xml, WireMode.Safe, Ct);
        await factory.WeChat().PostAsync(xml, WireMode.Plaintext, Ct);

        factory.Model.RequestCount($"safe {msgId}").ShouldBe(1);
    }

    [Fact]
    public async Task EventRedelivery_IsKeyedBySenderAndCreateTime()
    {
        var openId = $"o-{Guid.NewGuid():N}";
        var createTime = Messages.Now();

        await factory.WeChat().PostAsync(Messages.Event(openId, "subscribe", createTime: createTime), cancellationToken: Ct);
        await factory.WeChat().PostAsync(Messages.Event(openId, "subscribe", createTime: createTime), cancellationToken: Ct);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Key == MessageKey.ForEvent(openId, createTime).Value, Ct);
        row.Count.ShouldBe(2);
    }

    private async Task<Delivery> Ledger(long msgId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.Key == MessageKey.ForMessage(msgId).Value, Ct);
    }
}

/// <summary>
/// Sixty questions delivered four times at once, on WeChat's real clock: run alone (after the parallel tests), so that
/// the rest of the suite's load on two cores does not decide whether 240 deliveries are answered within their window.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ConcurrentDeliveryTests(ConcurrentDeliveryTests.Factory factory) : IClassFixture<ConcurrentDeliveryTests.Factory>
{
    public sealed class Factory : WeChatGptFactory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentDeliveries_WhicheverIsRecordedFirst_AreOneQuestion_NeverALostOne()
    {
        // Whichever concurrent delivery reaches the ledger first, the message is one piece of work that
        // runs here: never taken for work lost with a restart (which would answer "interrupted").
        var wechat = factory.WeChat();
        var questions = Enumerable.Range(0, 60).Select(_ => Messages.NextMsgId()).Select(id => (Id: id, Text: $"race {id}")).ToList();
        factory.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage };

        var replies = await Task.WhenAll(questions.Select(async q =>
        {
            var push = wechat.Push(Messages.Text($"o-race-{q.Id % 1000}", q.Text, q.Id));
            return (q.Text, Responses: await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => push.SendAsync(Ct))));
        }));

        foreach (var (text, responses) in replies)
        {
            responses.ShouldAllBe(r => r.Body.Contains("答：" + text), text + "\n" + Problems());
            factory.Model.RequestCount(text).ShouldBe(1, text);
        }
    }

    /// <summary>What the app logged at warning or above (distinct messages, with counts): why a reply was not the answer.</summary>
    private string Problems() => string.Join("\n", factory.Logs.Entries
        .Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning)
        .GroupBy(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}")
        .Select(g => $"{g.Count()} × {g.Key}")
        .Take(30));

}
