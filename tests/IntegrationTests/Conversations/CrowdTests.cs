using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Messaging;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>
/// Admission control: with <c>Chat:MaxConcurrentAnswers</c> answers streaming, the next question waits its turn
/// in order; if its last delivery comes while it waits, the follower is told it is queued (never WeChat's failure
/// notice), and its answer is there on "继续" once its turn came.
/// </summary>
public sealed class CrowdTests(CrowdTests.Scenario factory) : IClassFixture<CrowdTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("Chat:MaxConcurrentAnswers", "1");
    }

    private static readonly TextsOptions Texts = new();

    [Fact]
    public async Task AQuestionWaitingBehindTheCrowd_IsToldSoOnItsLastDelivery_AndItsAnswerComesOnContinue()
    {
        var busy = $"long answer {Guid.NewGuid():N}";
        var queued = $"queued question {Guid.NewGuid():N}";
        factory.Script(busy, new ModelScript { Answer = "先来的回答。", Latency = TimeSpan.FromSeconds(20) });
        factory.Script(queued, new ModelScript { Answer = "排队之后的回答。", Latency = TimeSpan.FromSeconds(1) });
        var admission = factory.Services.GetRequiredService<AnswerAdmission>();
        admission.Limit.ShouldBe(1);
        var follower = WindowScenario.NewOpenId();

        // The first question takes the only turn; the second comes a moment later and waits for it.
        var first = factory.Deliver(Messages.Text(WindowScenario.NewOpenId(), busy));
        await factory.AdvanceUntilAsync(() => factory.Model.RequestCount(busy) == 1);
        var second = await factory.Deliver(Messages.Text(follower, queued));

        second.FailureNoticeShown.ShouldBeFalse();
        second.Delivery.ShouldBe(3);
        second.Content.ShouldBe(Texts.Crowded);
        factory.Model.RequestCount(queued).ShouldBe(0, "a queued question does not start before its turn");

        (await first).Content.ShouldBe(Texts.StillThinking);
        await factory.AdvanceUntilAsync(() => factory.Model.RequestCount(queued) == 1);
        await factory.AdvanceAsync(TimeSpan.FromSeconds(5));
        var rest = await factory.Deliver(Messages.Text(follower, "继续"));
        rest.Content.ShouldBe("排队之后的回答。");
        admission.Waiting.ShouldBe(0);
    }
}

/// <summary>
/// Beyond <c>WeChat:MaxWaitingDeliveries</c> held deliveries, a delivery is not held: it is told at once that the
/// question is queued (its socket is free again), and the answer comes on "继续".
/// </summary>
public sealed class HeldDeliveryLimitTests(HeldDeliveryLimitTests.Scenario factory) : IClassFixture<HeldDeliveryLimitTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("WeChat:MaxWaitingDeliveries", "1");
    }

    private static readonly TextsOptions Texts = new();

    [Fact]
    public async Task ADeliveryBeyondTheLimit_IsAnsweredAtOnce_AndItsAnswerComesOnContinue()
    {
        var holding = $"holds the only socket {Guid.NewGuid():N}";
        var crowded = $"one too many {Guid.NewGuid():N}";
        factory.Script(holding, new ModelScript { Answer = "占着连接的回答。", Latency = TimeSpan.FromSeconds(3) });
        factory.Script(crowded, new ModelScript { Answer = "挤不进来的问题的回答。", Latency = TimeSpan.FromSeconds(2) });
        var follower = WindowScenario.NewOpenId();

        var first = factory.Deliver(Messages.Text(WindowScenario.NewOpenId(), holding));
        await factory.AdvanceUntilAsync(() => factory.Model.RequestCount(holding) == 1);
        var second = await factory.Deliver(Messages.Text(follower, crowded));

        second.Delivery.ShouldBe(1);
        second.Content.ShouldBe(Texts.Crowded);
        (await first).Content.ShouldBe("占着连接的回答。");

        await factory.AdvanceAsync(TimeSpan.FromSeconds(5));
        var rest = await factory.Deliver(Messages.Text(follower, "继续"));
        rest.Content.ShouldBe("挤不进来的问题的回答。");
    }
}
