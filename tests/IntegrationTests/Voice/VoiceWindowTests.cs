using Shouldly;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.IntegrationTests.Voice;

/// <summary>Synthesis and upload are part of the answer's work: a voice late for the window gives way to its text.</summary>
public sealed class VoiceWindowTests(VoiceWindowTests.Factory factory) : IClassFixture<VoiceWindowTests.Factory>
{
    public sealed class Factory : WeChatGptFactory, IAsyncLifetime
    {
        public Factory()
        {
            With("Speech:Provider", "Azure");
            UseManualClock();
        }

        public async ValueTask InitializeAsync() =>
            await ClockDriver.RunAsync(Clock!, new WeChatSimulator(WeChat(), Clock!).DeliverAsync(Messages.Text("o-warm-up", "warm up")));
    }

    private static readonly TextsOptions Texts = new();

    [Fact]
    public async Task VoiceNotReadyByTheLastDelivery_TheTextIsSentInstead_WithANote()
    {
        factory.Model.Script = _ => new ModelScript { Answer = "文字先到了。", Latency = TimeSpan.FromSeconds(11) };
        factory.Speech.SynthesisLatency = TimeSpan.FromSeconds(10);

        var outcome = await ClockDriver.RunAsync(
            factory.Clock!,
            new WeChatSimulator(factory.WeChat(), factory.Clock!).DeliverAsync(Messages.Voice("o-late-voice", "m", recognition: "慢慢说"), TestContext.Current.CancellationToken),
            limit: TimeSpan.FromSeconds(60));

        outcome.Delivery.ShouldBe(3);
        outcome.Reply!["MsgType"].ShouldBe("text");
        outcome.Content.ShouldBe("文字先到了。\n\n" + Texts.VoiceNotReady);
    }

    [Fact]
    public async Task VoiceReadyWithinTheWindow_IsTheReply()
    {
        factory.Model.Script = _ => new ModelScript { Answer = "语音来得及。", Latency = TimeSpan.FromSeconds(6) };
        factory.Speech.SynthesisLatency = TimeSpan.FromSeconds(2);

        var outcome = await ClockDriver.RunAsync(
            factory.Clock!,
            new WeChatSimulator(factory.WeChat(), factory.Clock!).DeliverAsync(Messages.Voice("o-timely-voice", "m", recognition: "说吧"), TestContext.Current.CancellationToken),
            limit: TimeSpan.FromSeconds(60));

        outcome.Delivery.ShouldBe(2);
        outcome.Reply!["MsgType"].ShouldBe("voice");
    }
}
