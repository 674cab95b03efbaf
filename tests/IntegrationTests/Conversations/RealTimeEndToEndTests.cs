using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>The reply window on the real clock: WeChat's 5-second hang-up and redelivery, for real.</summary>
public sealed class RealTimeEndToEndTests(RealTimeEndToEndTests.Factory factory) : IClassFixture<RealTimeEndToEndTests.Factory>
{
    public sealed class Factory : WeChatGptFactory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QuickAnswer_ArrivesOnTheFirstDelivery()
    {
        var question = $"quick {Guid.NewGuid():N}";
        factory.Model.Script = r => new ModelScript { Answer = "很快就好。", Latency = TimeSpan.FromMilliseconds(1200), ChunkChars = 2 };

        var outcome = await new WeChatSimulator(factory.WeChat(), TimeProvider.System).DeliverAsync(Messages.Text("o-realtime-1", question), Ct);

        outcome.Delivery.ShouldBe(1);
        outcome.Content.ShouldBe("很快就好。");
        outcome.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SixSecondAnswer_ArrivesOnTheSecondDelivery_WithOneModelCall()
    {
        var question = $"six seconds {Guid.NewGuid():N}";
        factory.Model.Script = r => new ModelScript { Answer = "想了六秒钟。", Latency = TimeSpan.FromSeconds(6) };

        var outcome = await new WeChatSimulator(factory.WeChat(), TimeProvider.System).DeliverAsync(Messages.Text("o-realtime-2", question), Ct);

        outcome.Delivery.ShouldBe(2);
        outcome.Content.ShouldBe("想了六秒钟。");
        factory.Model.RequestCount(question).ShouldBe(1);
    }
}
