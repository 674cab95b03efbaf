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
            s.AddScoped<IDeliveryLedger>(sp => new SlowAnswers(ActivatorUtilities.CreateInstance<DeliveryLedger>(sp), sp.GetRequiredService<TimeProvider>()));
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

    /// <summary>The ledger with a slow write of answers (the model's, not partials): storage that takes its time.</summary>
    private sealed class SlowAnswers(IDeliveryLedger inner, TimeProvider clock) : IDeliveryLedger
    {
        public Task<DeliveryRecord> RecordAsync(MessageKey key, string openId, string kind, DateTimeOffset now, string owner, string? query, bool late, CancellationToken cancellationToken) =>
            inner.RecordAsync(key, openId, kind, now, owner, query, late, cancellationToken);

        public async Task<Settled> SettleAsync(Settlement settlement, CancellationToken cancellationToken)
        {
            if (settlement.Outcome == ReplyOutcome.Answered && settlement.Reply is TextReply { Content: "赶在最后一刻写完的回答。" })
            {
                await Task.Delay(TimeSpan.FromSeconds(5), clock, CancellationToken.None);
            }

            return await inner.SettleAsync(settlement, cancellationToken);
        }

        public Task<Reply?> WaitForReplyAsync(MessageKey key, DateTimeOffset until, CancellationToken cancellationToken) => inner.WaitForReplyAsync(key, until, cancellationToken);

        public Task<DeliveryRecord?> FindAsync(MessageKey key, CancellationToken cancellationToken) => inner.FindAsync(key, cancellationToken);

        public Task<UnreadAnswer?> FindUnreadAnswerAsync(string openId, TimeSpan hold, CancellationToken cancellationToken) => inner.FindUnreadAnswerAsync(openId, hold, cancellationToken);

        public Task AbandonedAsync(MessageKey key, DateTimeOffset seenAt, TimeSpan hold, CancellationToken cancellationToken) => inner.AbandonedAsync(key, seenAt, hold, cancellationToken);

        public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PruneAsync(before, cancellationToken);
    }
}
