using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.IntegrationTests.Voice;

/// <summary>Synthesis and upload are part of the answer's work: a voice late for the window gives way to its text.</summary>
public sealed class VoiceWindowTests(VoiceWindowTests.Scenario factory) : IClassFixture<VoiceWindowTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("Speech:Provider", "Azure");
    }

    private static readonly TextsOptions Texts = new();

    [Fact]
    public async Task VoiceNotReadyByTheLastDelivery_TheTextIsSentInstead_WithANote()
    {
        factory.Model.Script = _ => new ModelScript { Answer = "文字先到了。", Latency = TimeSpan.FromSeconds(11) };
        factory.Speech.SynthesisLatency = TimeSpan.FromSeconds(10);

        var outcome = await factory.Deliver(Messages.Voice("o-late-voice", "m", recognition: "慢慢说"));

        outcome.Delivery.ShouldBe(3);
        outcome.Reply!["MsgType"].ShouldBe("text");
        outcome.Content.ShouldBe("文字先到了。\n\n" + Texts.VoiceNotReady);
    }

    [Fact]
    public async Task VoiceReadyWithinTheWindow_IsTheReply()
    {
        factory.Model.Script = _ => new ModelScript { Answer = "语音来得及。", Latency = TimeSpan.FromSeconds(6) };
        factory.Speech.SynthesisLatency = TimeSpan.FromSeconds(2);

        var outcome = await factory.Deliver(Messages.Voice("o-timely-voice", "m", recognition: "说吧"));

        outcome.Delivery.ShouldBe(2);
        outcome.Reply!["MsgType"].ShouldBe("voice");
    }
}

/// <summary>Permanent voice material made for a reply that went out as text instead is deleted like delivered material.</summary>
public sealed class SupersededVoiceTests(SupersededVoiceTests.Scenario factory) : IClassFixture<SupersededVoiceTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("Speech:Provider", "Azure").With("Speech:UploadAs", "Permanent");
    }

    [Fact]
    public async Task AVoiceThatLostToItsText_IsMarkedForDeletion()
    {
        factory.Model.Script = _ => new ModelScript { Answer = "文字先到了，语音没用上。", Latency = TimeSpan.FromSeconds(11) };
        factory.Speech.SynthesisLatency = TimeSpan.FromSeconds(10);

        var outcome = await factory.Deliver(Messages.Voice("o-superseded-voice", "m", recognition: "慢慢说"));
        outcome.Reply!["MsgType"].ShouldBe("text");
        await factory.AdvanceUntilAsync(() => Records().Any(r => r.DeliveredAt is not null));

        var record = Records().ShouldHaveSingleItem();
        record.Kind.ShouldBe(Domain.Voice.MediaKind.Permanent);
        record.DeliveredAt.ShouldNotBeNull("a voice nobody received is deleted after the grace period, like a delivered one");
    }

    private List<Domain.Voice.MediaRecord> Records()
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.AppDbContext>().MediaRecords.AsNoTracking()
            .Where(m => m.OpenId == "o-superseded-voice").ToList();
    }
}
