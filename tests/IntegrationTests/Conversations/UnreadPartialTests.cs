using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>
/// The last delivery cut a part from the answer, and WeChat hung up before that reply reached it (a crowd: the write
/// of the partial took longer than WeChat waits). The part was taken from what "继续" finds next, yet no one read it:
/// "继续" gives it first, then the rest.
/// </summary>
public sealed class UnreadPartialTests(UnreadPartialTests.Scenario factory) : IClassFixture<UnreadPartialTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => WithServices(s =>
        {
            s.RemoveAll<IDeliveryLedger>();
            // The last delivery's partial replies are written, but the delivery learns it 2 s later than WeChat still waits.
            s.AddScoped<IDeliveryLedger>(sp => new SlowSettlesLedger(
                ActivatorUtilities.CreateInstance<DeliveryLedger>(sp),
                sp.GetRequiredService<TimeProvider>(),
                settlement => settlement.Outcome == ReplyOutcome.Partial,
                TimeSpan.FromSeconds(2),
                afterWrite: true));
        });
    }

    private static readonly TextsOptions Texts = new();

    [Fact]
    public async Task APartialWeChatHungUpOn_IsTheFirstReplyToContinue_ThenTheRest()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"cut and lost {Guid.NewGuid():N}";
        // Eight characters at 1 s, the next at 16 s and 31 s: the last delivery (10 s) cuts the first eight at 14.5 s.
        factory.Script(question, new ModelScript { Answer = "第一部分写好了。第二部分还在写，最后写完。", Latency = TimeSpan.FromSeconds(1), ChunkDelay = TimeSpan.FromSeconds(15) });

        var asked = await factory.Deliver(Messages.Text(openId, question));
        asked.FailureNoticeShown.ShouldBeTrue("the partial reached its delivery after WeChat's last wait");
        await factory.AdvanceAsync(TimeSpan.FromSeconds(25));

        var first = await factory.Deliver(Messages.Text(openId, "继续"));
        first.Content.ShouldBe("第一部分写好了。" + Texts.PartialHint);
        var second = await factory.Deliver(Messages.Text(openId, "继续"));
        second.Content.ShouldBe("第二部分还在写，最后写完。");
        var third = await factory.Deliver(Messages.Text(openId, "继续"));
        third.Content.ShouldBe(Texts.NothingToContinue);
    }

    [Fact]
    public async Task APartialWeChatHungUpOn_ThatCutTheWholeAnswer_IsTheReplyToContinue_WithoutItsHint()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"all cut {Guid.NewGuid():N}";
        // The whole text by 1 s, the stream's end (blank) at 16 s: the cut at 14.5 s is all of it, nothing is left.
        factory.Script(question, new ModelScript { Answer = "整个回答都在这里。        ", ChunkChars = 9, Latency = TimeSpan.FromSeconds(1), ChunkDelay = TimeSpan.FromSeconds(15) });

        var asked = await factory.Deliver(Messages.Text(openId, question));
        asked.FailureNoticeShown.ShouldBeTrue();
        await factory.AdvanceAsync(TimeSpan.FromSeconds(10));

        var first = await factory.Deliver(Messages.Text(openId, "继续"));
        first.Content.ShouldBe("整个回答都在这里。");
        var again = await factory.Deliver(Messages.Text(openId, "继续"));
        again.Content.ShouldBe(Texts.NothingToContinue);
    }

    [Fact]
    public async Task AStillThinkingWeChatHungUpOn_TookNothing_ContinueGivesTheWholeAnswer()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"nothing cut {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "想了很久才写出来。", Latency = TimeSpan.FromSeconds(17) });

        var asked = await factory.Deliver(Messages.Text(openId, question));
        asked.FailureNoticeShown.ShouldBeTrue();
        await factory.AdvanceAsync(TimeSpan.FromSeconds(10));

        var first = await factory.Deliver(Messages.Text(openId, "继续"));
        first.Content.ShouldBe("想了很久才写出来。");
    }
}
