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
            s.AddScoped<IDeliveryLedger>(sp => new SlowPartials(ActivatorUtilities.CreateInstance<DeliveryLedger>(sp), sp.GetRequiredService<TimeProvider>()));
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

    /// <summary>The ledger returning from the last delivery's partial replies late: later than WeChat still waits.</summary>
    private sealed class SlowPartials(IDeliveryLedger inner, TimeProvider clock) : IDeliveryLedger
    {
        public Task<DeliveryRecord> RecordAsync(MessageKey key, string openId, string kind, DateTimeOffset now, string owner, string? query, bool late, CancellationToken cancellationToken) =>
            inner.RecordAsync(key, openId, kind, now, owner, query, late, cancellationToken);

        public async Task<Settled> SettleAsync(Settlement settlement, CancellationToken cancellationToken)
        {
            var settled = await inner.SettleAsync(settlement, cancellationToken);
            if (settlement.Outcome == ReplyOutcome.Partial)
            {
                // Written, but the delivery learns it late (a crowd's writer queue, a starved thread pool).
                await Task.Delay(TimeSpan.FromSeconds(2), clock, CancellationToken.None);
            }

            return settled;
        }

        public Task<Reply?> WaitForReplyAsync(MessageKey key, DateTimeOffset until, CancellationToken cancellationToken) => inner.WaitForReplyAsync(key, until, cancellationToken);

        public Task<DeliveryRecord?> FindAsync(MessageKey key, CancellationToken cancellationToken) => inner.FindAsync(key, cancellationToken);

        public Task<UnreadAnswer?> FindUnreadAnswerAsync(string openId, TimeSpan hold, CancellationToken cancellationToken) => inner.FindUnreadAnswerAsync(openId, hold, cancellationToken);

        public Task AbandonedAsync(MessageKey key, DateTimeOffset seenAt, TimeSpan hold, CancellationToken cancellationToken) => inner.AbandonedAsync(key, seenAt, hold, cancellationToken);

        public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PruneAsync(before, cancellationToken);
    }
}
