using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>
/// An answer no delivery can have shown — WeChat gave up on the message (a crowd, a dead instance) while it was
/// still being written — is not lost: the follower's "继续" gets it, once.
/// </summary>
public sealed class UnreadAnswerTests(UnreadAnswerTests.Scenario factory) : IClassFixture<UnreadAnswerTests.Scenario>
{
    public sealed class Scenario : WindowScenario;

    private static readonly TextsOptions Texts = new();

    [Fact]
    public async Task AnAnswerSettledAfterWeChatGaveUp_IsTheReplyToContinue_Once()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"nobody waits {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "没人等到的回答。", Latency = TimeSpan.FromSeconds(8) });

        // One delivery reaches the service and WeChat hangs up at 5 s; its redeliveries never arrive.
        await HungUpOnAsync(Messages.Text(openId, question), question, then: TimeSpan.FromSeconds(6));

        var first = await factory.Deliver(Messages.Text(openId, "继续"));
        first.Content.ShouldBe("没人等到的回答。");
        var again = await factory.Deliver(Messages.Text(openId, "继续"));
        again.Content.ShouldBe(Texts.NothingToContinue);
    }

    [Fact]
    public async Task ContinueWhileTheAnswerOfAQuestionWeChatGaveUpOnIsStillBeingWritten_WaitsForIt_NotNothingToContinue()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"still coming {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "人多的时候也会写完。", Latency = TimeSpan.FromSeconds(13) });

        // A crowd: WeChat hung up on the message's only delivery that got through, and the follower saw the failure
        // notice. No delivery said "still thinking", so nothing waits for "继续" yet — but the answer is being written.
        await HungUpOnAsync(Messages.Text(openId, question), question);

        // "继续" at 10 s: its delivery holds the answer and gets it when it lands at 13 s.
        var first = await factory.Deliver(Messages.Text(openId, "继续"));

        first.Content.ShouldBe("人多的时候也会写完。");
        first.Delivery.ShouldBe(1);
        factory.Model.RequestCount(question).ShouldBe(1);
        var again = await factory.Deliver(Messages.Text(openId, "继续"));
        again.Content.ShouldBe(Texts.NothingToContinue);
    }

    [Fact]
    public async Task AContinueWeChatAlsoGaveUpOn_DoesNotTakeTheAnswerThatLandsLater_TheNextContinueGetsIt()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"much later {Guid.NewGuid():N}";
        // Streamed a character a second: written in full at about 30 s (no stall), long after the "继续" below is gone.
        factory.Script(question, new ModelScript { Answer = "很久以后才写完。这个回答一个字一个字地慢慢写出来，终于写完了。", Latency = TimeSpan.FromSeconds(2), ChunkChars = 1, ChunkDelay = TimeSpan.FromSeconds(1) });

        await HungUpOnAsync(Messages.Text(openId, question), question);

        // The follower's "继续" at 10 s meets the crowd too: its one delivery that got through is hung up on.
        await HungUpOnAsync(Messages.Text(openId, "继续"), question: null);
        await factory.AdvanceAsync(TimeSpan.FromSeconds(30));

        var next = await factory.Deliver(Messages.Text(openId, "继续"));
        next.Content.ShouldBe("很久以后才写完。这个回答一个字一个字地慢慢写出来，终于写完了。");
        factory.Model.RequestCount(question).ShouldBe(1);
    }

    /// <summary>One delivery of the message gets through and WeChat hangs up on it (see the overload).</summary>
    private Task HungUpOnAsync(string xml, string? question, TimeSpan? after = null, TimeSpan? then = null) =>
        HungUpOnAsync(factory.WeChat().Push(xml), question, after, then);

    /// <summary>
    /// A delivery of <paramref name="push"/> gets through (a question's first: once it reached the model) and WeChat
    /// hangs up on it <paramref name="after"/> (5 s); then <paramref name="then"/> (5 s) passes with no other.
    /// </summary>
    private async Task HungUpOnAsync(PushRequest push, string? question, TimeSpan? after = null, TimeSpan? then = null)
    {
        using var hangUp = new CancellationTokenSource();
        var sending = push.SendAsync(hangUp.Token);
        if (question is not null)
        {
            await factory.AdvanceUntilAsync(() => factory.Model.RequestCount(question) == 1);
        }

        await factory.AdvanceAsync(after ?? TimeSpan.FromSeconds(5));
        await hangUp.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(sending);
        await factory.AdvanceAsync(then ?? TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AnAnswerReadyJustAfterWeChatHungUpOnItsOnlyDelivery_IsTheReplyToContinue()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"hung up early {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "挂断之后才写完。", Latency = TimeSpan.FromSeconds(3) });

        // WeChat hangs up after a second (a dead instance's proxy, a network cut) and never delivers again; the answer
        // is ready within the time the delivery would still have waited.
        await HungUpOnAsync(Messages.Text(openId, question), question, after: TimeSpan.FromSeconds(1), then: TimeSpan.FromSeconds(4));

        var first = await factory.Deliver(Messages.Text(openId, "继续"));
        first.Content.ShouldBe("挂断之后才写完。");
    }

    [Fact]
    public async Task AnAnswerWhoseRedeliveryWeChatAlsoHungUpOn_IsTheReplyToContinue()
    {
        // The redelivery is recorded in memory (the answer is in flight here), and abandoned there too.
        var openId = WindowScenario.NewOpenId();
        var question = $"both hung up {Guid.NewGuid():N}";
        // Ready at 8 s: within the time the redelivery (5 s) would have waited, had WeChat not hung up at 6 s.
        factory.Script(question, new ModelScript { Answer = "两次投递都没等到。", Latency = TimeSpan.FromSeconds(8) });
        var push = factory.WeChat().Push(Messages.Text(openId, question));

        await HungUpOnAsync(push, question, then: TimeSpan.Zero);
        await HungUpOnAsync(push, question: null, after: TimeSpan.FromSeconds(1), then: TimeSpan.FromSeconds(4));

        var more = await factory.Deliver(Messages.Text(openId, "继续"));
        more.Content.ShouldBe("两次投递都没等到。");
    }

    [Fact]
    public async Task AnAnswerADeliveryCarried_IsNotGivenAgainOnContinue()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"delivered {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "第二次投递带回的回答。", Latency = TimeSpan.FromSeconds(7) });

        var answered = await factory.Deliver(Messages.Text(openId, question));
        answered.Delivery.ShouldBe(2);
        answered.Content.ShouldBe("第二次投递带回的回答。");

        var more = await factory.Deliver(Messages.Text(openId, "继续"));
        more.Content.ShouldBe(Texts.NothingToContinue);
    }
}
