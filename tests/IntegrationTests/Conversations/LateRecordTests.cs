using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shouldly;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>
/// A crowd's store: the first delivery's record was queued when its deadline came, so the delivery took storage for
/// busy — yet the write committed after all. The next delivery finds the row, this life's, with no answer behind it:
/// it must start the answer, not wait for one nobody started (the question was lost, and 继续 found nothing).
/// </summary>
public sealed class LateRecordTests(LateRecordTests.Scenario factory) : IClassFixture<LateRecordTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        private readonly ConcurrentDictionary<string, byte> _seen = new();
        private readonly ConcurrentDictionary<string, byte> _refused = new();

        public Scenario() => WithServices(s =>
        {
            s.RemoveAll<IDeliveryLedger>();
            s.AddScoped<IDeliveryLedger>(sp => new SlowSettlesLedger(
                ActivatorUtilities.CreateInstance<DeliveryLedger>(sp),
                sp.GetRequiredService<TimeProvider>(),
                _ => false,
                TimeSpan.Zero,
                afterWrite: false)
            {
                // Each message's first record only: refused outright for the questions that say so, else written late.
                NotRecorded = key => Refused.Contains(key.Value) && _refused.TryAdd(key.Value, 0),
                RecordedLate = key => !Refused.Contains(key.Value) && _seen.TryAdd(key.Value, 0),
            });
        });

        /// <summary>The message keys whose first record is refused (not written) rather than written late.</summary>
        public ConcurrentBag<string> Refused { get; } = [];
    }

    [Fact]
    public async Task AFirstDeliveryThatTookStorageForBusy_WhileItsRecordCommitted_IsAnsweredOnTheNextDelivery()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"recorded late {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "记下来了，也回答了。" });

        var asked = await factory.Deliver(Messages.Text(openId, question));

        asked.Delivery.ShouldBe(2);
        asked.Content.ShouldBe("记下来了，也回答了。");
        factory.Model.RequestCount(question).ShouldBe(1);
    }

    [Fact]
    public async Task AFirstDeliveryThatWasNotRecorded_IsRoutedOnceByTheDeliveryThatRecordsIt_NotAgainByTheNext()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"not recorded {Guid.NewGuid():N}";
        var msgId = Messages.NextMsgId();
        factory.Refused.Add(Domain.Messaging.MessageKey.ForMessage(msgId).Value);
        // Started by the second delivery (5 s), ready at 12 s: the third delivery (10 s) waits for it.
        factory.Script(question, new ModelScript { Answer = "第二次投递才记下的问题。", Latency = TimeSpan.FromSeconds(7) });

        var asked = await factory.Deliver(Messages.Text(openId, question, msgId));

        asked.Delivery.ShouldBe(3);
        asked.Content.ShouldBe("第二次投递才记下的问题。");
        factory.Model.RequestCount(question).ShouldBe(1);
    }
}
