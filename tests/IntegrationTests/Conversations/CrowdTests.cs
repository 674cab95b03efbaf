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
