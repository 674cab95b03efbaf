using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>A finished answer whose write is slow is what the last delivery gives — never "still thinking".</summary>
public sealed class SlowSettleTests(SlowSettleTests.Scenario factory) : IClassFixture<SlowSettleTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => WithServices(s =>
        {
            s.RemoveAll<IDeliveryLedger>();
            // The model's answers (not partials) take 5 s to write: storage that takes its time.
            s.AddScoped<IDeliveryLedger>(sp => new SlowSettlesLedger(
                ActivatorUtilities.CreateInstance<DeliveryLedger>(sp),
                sp.GetRequiredService<TimeProvider>(),
                settlement => settlement.Outcome == ReplyOutcome.Answered && settlement.Reply is TextReply { Content: "赶在最后一刻写完的回答。" },
                TimeSpan.FromSeconds(5),
                afterWrite: false));
        });
    }

    [Fact]
    public async Task AnAnswerFinishingJustBeforeTheLastDeadline_WhoseSettleTakesSeconds_IsTheReply()
    {
        var question = $"just in time {Guid.NewGuid():N}";
        // The last delivery arrives at 10 s and gives up waiting at 14.5 s; the answer is written at 14 s but
        // its settle takes 5 s more.
        factory.Script(question, new ModelScript { Answer = "赶在最后一刻写完的回答。", Latency = TimeSpan.FromSeconds(14) });

        var outcome = await factory.Deliver(Messages.Text(WindowScenario.NewOpenId(), question));

        outcome.Delivery.ShouldBe(3);
        outcome.Content.ShouldBe("赶在最后一刻写完的回答。");
        outcome.Content.ShouldNotBe(new TextsOptions().StillThinking);
    }

    [Fact]
    public async Task ALastDeliverysReplyWrittenInTime_IsNotGivenAgainOnContinue()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"in time {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "第三次投递及时带回的回答。", Latency = TimeSpan.FromSeconds(12) });
        (await factory.Deliver(Messages.Text(openId, question))).Delivery.ShouldBe(3);

        var again = await factory.Deliver(Messages.Text(openId, "继续"));

        again.Content.ShouldBe(new TextsOptions().NothingToContinue);
    }
}
