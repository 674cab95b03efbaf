using System.Text;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Messaging.ReceiveMessage;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Tests;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>
/// The reply window against a simulated WeChat (hangs up at 5 s, delivers again, 3 deliveries at most),
/// a streaming fake model, and a manual clock: tens of simulated seconds run in about a second.
/// </summary>
public sealed class ReplyWindowScenarioTests(ReplyWindowScenarioTests.Scenario factory) : IClassFixture<ReplyWindowScenarioTests.Scenario>
{
    public sealed class Scenario : WindowScenario;

    private static readonly TextsOptions Texts = new();

    private ManualTimeProvider Clock => factory.Time;

    private WeChatSimulator Simulator() => new(factory.WeChat(), Clock);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(12, 3)]
    public async Task AnswerReadyWithinTheWindow_IsDeliveredInFull_WithOneModelCall(int latencySeconds, int expectedDelivery)
    {
        var question = $"latency {latencySeconds} {Guid.NewGuid():N}";
        var answer = $"这是对第 {latencySeconds} 个问题的完整回答。";
        Script(question, new ModelScript { Answer = answer, Latency = TimeSpan.FromSeconds(latencySeconds) });

        var outcome = await Deliver(Messages.Text(OpenId(), question));

        outcome.FailureNoticeShown.ShouldBeFalse();
        outcome.Delivery.ShouldBe(expectedDelivery);
        outcome.Content.ShouldBe(answer);
        factory.Model.RequestCount(question).ShouldBe(1);
    }

    [Fact]
    public async Task AnswerTakingTwentyFiveSeconds_GivesPartialWithHintOnTheLastDelivery_ThenTheRestOnContinue()
    {
        var openId = OpenId();
        var (question, answer) = TwentyFiveSecondAnswer("long");

        var first = await Deliver(Messages.Text(openId, question));

        first.Delivery.ShouldBe(3);
        first.Content.ShouldEndWith(Texts.PartialHint);
        var partial = first.Content[..^Texts.PartialHint.Length];
        partial.ShouldNotBeEmpty();
        answer.ShouldStartWith(partial);

        await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(15));
        var rest = await Deliver(Messages.Text(openId, "继续"));

        rest.Delivery.ShouldBe(1);
        (partial + rest.Content).ShouldBe(answer);
        factory.Model.RequestCount(question).ShouldBe(1);
    }

    [Fact]
    public async Task ALastDeliveryWeChatHungUpOnBeforeTheTokenFired_TakesNoPartOfTheAnswer_AndContinueGetsAllOfIt()
    {
        var openId = OpenId();
        var (question, answer) = TwentyFiveSecondAnswer("gone");
        var msgId = Messages.NextMsgId();
        var createTime = Messages.Now();
        var cancel = TestContext.Current.CancellationToken;

        // WeChat's first two deliveries, each hung up on at 5 s.
        var early = await ClockDriver.RunAsync(Clock, new WeChatSimulator(factory.WeChat(), Clock) { MaxDeliveries = 2 }.DeliverAsync(Messages.Text(openId, question, msgId, createTime), cancel), factory.Step);
        early.FailureNoticeShown.ShouldBeTrue();

        // The third, read by a machine too busy to have noticed yet that WeChat hung up (the socket says so, the token
        // has not fired): at its deadline it must not cut a part for no one.
        var message = new TextMessage { ToUserName = Messages.Account, FromUserName = openId, CreateTime = createTime, MsgId = msgId, Content = question };
        using var scope = factory.Services.CreateScope();
        var third = scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReceiveMessageCommand(message, Clock.GetUtcNow()) { ClientGone = () => true }, cancel);
        await Should.ThrowAsync<OperationCanceledException>(() => ClockDriver.RunAsync(Clock, third, factory.Step));

        await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(25));
        var rest = await Deliver(Messages.Text(openId, "继续"));

        rest.Content.ShouldBe(answer);
        factory.Model.RequestCount(question).ShouldBe(1);
    }

    [Fact]
    public async Task ADeliveryWeChatHungUpOn_ThatTheServerHasNotNoticed_IsLetGoWhenItsSocketSaysSo_NotHeldTheWholeHoldLimit()
    {
        // A busy process learns of a hang-up late: the socket says WeChat is gone at 5 s, the connection's token never
        // fires. The delivery ends within a sweep of that (its socket and its place among held deliveries given back),
        // not at the 15 s hold limit, and the answer is there on the next delivery.
        var openId = OpenId();
        var question = $"let go {Guid.NewGuid():N}";
        Script(question, new ModelScript { Answer = "放手之后的回答。", Latency = TimeSpan.FromSeconds(8) });
        var message = new TextMessage { ToUserName = Messages.Account, FromUserName = openId, CreateTime = Clock.GetUtcNow().ToUnixTimeSeconds(), MsgId = Messages.NextMsgId(), Content = question };
        var waiting = factory.Services.GetRequiredService<Application.Messaging.WaitingDeliveries>();
        var sentAt = Clock.GetUtcNow();
        var gone = false;
        using var scope = factory.Services.CreateScope();

        var first = scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReceiveMessageCommand(message, sentAt) { ClientGone = () => gone }, TestContext.Current.CancellationToken);
        await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(5));
        waiting.Count.ShouldBeGreaterThan(0);
        gone = true;
        await Should.ThrowAsync<OperationCanceledException>(() => ClockDriver.RunAsync(Clock, first, factory.Step));

        (Clock.GetUtcNow() - sentAt).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(5) + Application.Messaging.WaitingDeliveries.HangUpSweep + TimeSpan.FromSeconds(1));
        waiting.Count.ShouldBe(0);
        var again = await Deliver(Messages.Text(openId, question, message.MsgId, message.CreateTime));
        again.Content.ShouldBe("放手之后的回答。");
    }

    [Fact]
    public async Task ALastDeliveryReadLate_AnswersByWeChatsClock_NotItsDeadlineAfterItWasRead_AndContinueGetsTheAnswer()
    {
        var openId = OpenId();
        var question = $"read late {Guid.NewGuid():N}";
        Script(question, new ModelScript { Answer = "想了很久的回答。", Latency = TimeSpan.FromSeconds(17) });
        var cancel = TestContext.Current.CancellationToken;
        var push = factory.WeChat().Push(Messages.Text(openId, question));
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Clock.GetUtcNow().ToUnixTimeSeconds());

        // WeChat's first two deliveries, each hung up on at 5 s.
        for (var delivery = 0; delivery < 2; delivery++)
        {
            using var hangUp = new CancellationTokenSource();
            var sending = push.SendAsync(hangUp.Token);
            await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(5));
            await hangUp.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(sending);
        }

        // The third, sent by WeChat at 10 s, read by a crowded machine at 13 s: WeChat's wait for it ends at 15 s.
        await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(3));
        var readAt = Clock.GetUtcNow();
        var third = push.SendAsync(cancel);
        await factory.AdvanceUntilAsync(() => third.IsCompleted);
        var repliedAt = Clock.GetUtcNow();

        (await third).Body.ShouldContain(Texts.StillThinking);
        repliedAt.ShouldBeLessThanOrEqualTo(sentAt + TimeSpan.FromSeconds(15.5) + TimeSpan.FromMilliseconds(250), "by WeChat's clock: CreateTime + 3 × 5 s (+1 s for its whole seconds) − 0.5 s");
        (repliedAt - readAt).ShouldBeLessThan(TimeSpan.FromSeconds(4.5), "not the deadline counted from the read, which would end after WeChat hung up");
        await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(5));
        var rest = await Deliver(Messages.Text(openId, "继续"));
        rest.Content.ShouldBe("想了很久的回答。");
    }

    [Fact]
    public async Task NothingGeneratedByTheLastDelivery_SaysStillThinking_AndContinueGetsTheAnswer()
    {
        var openId = OpenId();
        var question = $"slow start {Guid.NewGuid():N}";
        Script(question, new ModelScript { Answer = "终于想好了。", Latency = TimeSpan.FromSeconds(18) });

        var first = await Deliver(Messages.Text(openId, question));

        first.Delivery.ShouldBe(3);
        first.Content.ShouldBe(Texts.StillThinking);

        await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(5));
        var rest = await Deliver(Messages.Text(openId, "继续"));
        rest.Content.ShouldBe("终于想好了。");
    }

    [Fact]
    public async Task ContinueWhileTheAnswerIsStillStreaming_WaitsForIt()
    {
        var openId = OpenId();
        var question = $"stream {Guid.NewGuid():N}";
        var answer = string.Concat(Enumerable.Range(1, 30).Select(i => $"句{i:00}。"));
        Script(question, new ModelScript { Answer = answer, Latency = TimeSpan.FromSeconds(1), ChunkChars = 4, ChunkDelay = TimeSpan.FromSeconds(1) });

        var first = await Deliver(Messages.Text(openId, question));
        var partial = first.Content[..^Texts.PartialHint.Length];

        // Right away: the answer needs ~16 more seconds, so the continuation itself gets a partial.
        var second = await Deliver(Messages.Text(openId, "继续"));
        second.Content.ShouldEndWith(Texts.PartialHint);
        var secondPart = second.Content[..^Texts.PartialHint.Length];

        await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(10));
        var third = await Deliver(Messages.Text(openId, "继续"));

        (partial + secondPart + third.Content).ShouldBe(answer);
    }

    [Fact]
    public async Task LongAnswer_IsDeliveredInPartsUnderTheByteLimit_ThatReassembleToTheOriginal()
    {
        var openId = OpenId();
        var question = $"essay {Guid.NewGuid():N}";
        var answer = Essay(6000);
        Encoding.UTF8.GetByteCount(answer).ShouldBeGreaterThanOrEqualTo(6000);
        Script(question, new ModelScript { Answer = answer, ChunkChars = 200 });

        var replies = new List<string> { (await Deliver(Messages.Text(openId, question))).Content };
        while (replies[^1].Contains("回复“继续”查看", StringComparison.Ordinal) && replies.Count < 10)
        {
            replies.Add((await Deliver(Messages.Text(openId, "继续"))).Content);
        }

        replies.Count.ShouldBeGreaterThanOrEqualTo(3);
        replies.ShouldAllBe(r => Encoding.UTF8.GetByteCount(r) <= 2047);
        for (var i = 0; i < replies.Count - 1; i++)
        {
            replies[i].ShouldEndWith($"（还有 {replies.Count - 1 - i} 段，回复“继续”查看）");
        }

        var parts = replies.Select(Messages.StripHint).ToList();
        AssertReassembles(answer, parts);
        (await Deliver(Messages.Text(openId, "继续"))).Content.ShouldBe(Texts.NothingToContinue);
    }

    [Fact]
    public async Task NewQuestionWhileAnEarlierAnswerWaitsForContinue_IsAnswered_AndMentionsTheEarlierOne()
    {
        var openId = OpenId();
        var first = $"first {Guid.NewGuid():N}";
        var second = $"second {Guid.NewGuid():N}";
        var longAnswer = Essay(4000);
        Script(first, new ModelScript { Answer = longAnswer, ChunkChars = 300 });
        Script(second, new ModelScript { Answer = "第二个问题的答案。" });

        var reply1 = await Deliver(Messages.Text(openId, first));
        reply1.Content.ShouldContain("回复“继续”查看");
        var reply2 = await Deliver(Messages.Text(openId, second));

        reply2.Content.ShouldStartWith("第二个问题的答案。");
        reply2.Content.ShouldEndWith(Texts.EarlierAnswerWaiting);
        var continued = await Deliver(Messages.Text(openId, "继续"));
        continued.Content.ShouldStartWith($"接着回答「{first[..20]}…」：");
    }

    [Fact]
    public async Task NewQuestionWhileAnEarlierAnswerIsBeingGenerated_IsToldToWait_AndNotSentToTheModel()
    {
        var openId = OpenId();
        var slow = $"slow {Guid.NewGuid():N}";
        var impatient = $"impatient {Guid.NewGuid():N}";
        Script(slow, new ModelScript { Answer = "慢慢来的答案。", Latency = TimeSpan.FromSeconds(3) });

        var simulator = Simulator();
        var slowDelivery = simulator.DeliverAsync(Messages.Text(openId, slow), TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => factory.Model.RequestCount(slow) == 1, TimeSpan.FromSeconds(5));
        var busy = await ClockDriver.RunAsync(Clock, Simulator().DeliverAsync(Messages.Text(openId, impatient), TestContext.Current.CancellationToken));
        var answered = await ClockDriver.RunAsync(Clock, slowDelivery);

        busy.Content.ShouldBe(Texts.Busy);
        factory.Model.RequestCount(impatient).ShouldBe(0);
        answered.Content.ShouldBe("慢慢来的答案。");
    }

    [Fact]
    public async Task ModelFailure_GivesAFriendlyApology_NeverAnEmptyReply_AndIsNotKept()
    {
        var openId = OpenId();
        var broken = $"broken {Guid.NewGuid():N}";
        var next = $"next {Guid.NewGuid():N}";
        Script(broken, new ModelScript { Status = 500 });

        var failed = await Deliver(Messages.Text(openId, broken));
        await Deliver(Messages.Text(openId, next));

        failed.Content.ShouldBe(Texts.Apology);
        factory.Model.RequestCount(broken).ShouldBe(2); // tried once more, as 5xx are
        var nextRequest = factory.Model.Requests.Single(r => r.LastUserMessage == next);
        nextRequest.Messages.ShouldNotContain(m => m.Content == broken);
    }

    [Fact]
    public async Task RedeliveriesOfAnAnsweredMessage_GetTheSameReply()
    {
        var question = $"again {Guid.NewGuid():N}";
        Script(question, new ModelScript { Answer = "同一个答案。" });
        var push = factory.WeChat().Push(Messages.Text(OpenId(), question));

        var first = await ClockDriver.RunAsync(Clock, push.SendAsync(TestContext.Current.CancellationToken));
        var again = await ClockDriver.RunAsync(Clock, push.SendAsync(TestContext.Current.CancellationToken));

        // Same reply; only its CreateTime is the time of the redelivery.
        first.Body.ShouldContain("同一个答案。");
        Messages.WithoutCreateTime(again.Body).ShouldBe(Messages.WithoutCreateTime(first.Body));
        factory.Model.RequestCount(question).ShouldBe(1);
    }

    private Task<SimulatedOutcome> Deliver(string xml) => factory.Deliver(xml);

    /// <summary>A question whose answer streams six characters a second after 2 s, written in full at about 25 s.</summary>
    private (string Question, string Answer) TwentyFiveSecondAnswer(string name)
    {
        var question = $"{name} {Guid.NewGuid():N}";
        var answer = string.Concat(Enumerable.Range(1, 23).Select(i => $"第{i:00}句话。"));
        Script(question, new ModelScript { Answer = answer, Latency = TimeSpan.FromSeconds(2), ChunkChars = 6, ChunkDelay = TimeSpan.FromSeconds(1) });
        return (question, answer);
    }

    private void Script(string question, ModelScript script) => factory.Script(question, script);

    private static string OpenId() => WindowScenario.NewOpenId();

    /// <summary>Parts are the answer in order: only whitespace at the cuts may differ.</summary>
    private static void AssertReassembles(string original, IReadOnlyList<string> parts)
    {
        var position = 0;
        foreach (var part in parts)
        {
            while (position < original.Length && char.IsWhiteSpace(original[position]))
            {
                position++;
            }

            original.AsSpan(position).StartsWith(part.AsSpan()).ShouldBeTrue($"part does not continue the answer at {position}: {part[..Math.Min(30, part.Length)]}");
            position += part.Length;
        }

        original[position..].Trim().ShouldBeEmpty();
    }

    private static string Essay(int minBytes)
    {
        var text = new StringBuilder();
        for (var paragraph = 1; Encoding.UTF8.GetByteCount(text.ToString()) < minBytes; paragraph++)
        {
            for (var sentence = 1; sentence <= 6; sentence++)
            {
                text.Append(CultureInfoFree($"第{paragraph}段第{sentence}句，这里讲述一些有意义的内容，帮助读者理解这个问题的来龙去脉。"));
            }

            text.Append("\n\n");
        }

        return text.ToString().TrimEnd();
    }

    private static string CultureInfoFree(FormattableString text) => FormattableString.Invariant(text);
}
