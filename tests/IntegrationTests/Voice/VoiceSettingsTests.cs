using Shouldly;
using WeChatGpt.Domain.Voice;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.IntegrationTests.Voice;

public sealed class VoiceSettingsTests
{
    private static async Task<MediaRecord> RecordAsync(WeChatGptFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().MediaRecords.AsNoTracking().SingleAsync(Ct);
    }

    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutASpeechProvider_AVoiceWithoutRecognitionGetsPleaseType()
    {
        await using var factory = new WeChatGptFactory();

        var reply = await Post(factory, Messages.Voice("o-none", "m-1"));

        reply.ShouldContain(Texts.VoiceInputUnavailable);
        factory.Model.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task WithoutFfmpeg_AVoiceWithoutRecognitionGetsPleaseType()
    {
        await using var factory = new WeChatGptFactory().With("Speech:Provider", "Azure").With("Speech:FfmpegPath", "/nonexistent/ffmpeg");

        var reply = await Post(factory, Messages.Voice("o-noffmpeg", "m-1"));
        await Post(factory, Messages.Voice("o-noffmpeg", "m-2"));

        reply.ShouldContain(Texts.VoiceInputUnavailable);
        factory.Logs.Entries.Count(e => e.Message.StartsWith("ffmpeg was not found", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task UploadAsPermanent_AddsMaterial_AndRecordsItForCleanup()
    {
        await using var factory = new WeChatGptFactory().With("Speech:Provider", "Azure").With("Speech:UploadAs", "Permanent");
        factory.Model.Script = _ => new ModelScript { Answer = "永久素材的语音。" };

        var reply = await Post(factory, Messages.Voice("o-permanent", "m-1", recognition: "用永久素材"));

        reply.ShouldContain("<MsgType><![CDATA[voice]]></MsgType>");
        var upload = factory.WeChatApi.Uploads.Single();
        upload.Kind.ShouldBe("permanent");
        // The delivery is recorded right after the reply is fixed, which is when the reply goes out: wait for it.
        var record = await Eventually.ReadUntilAsync(() => RecordAsync(factory), r => r.DeliveredAt is not null, TimeSpan.FromSeconds(5));

        record.MediaId.ShouldBe(upload.MediaId);
        record.Kind.ShouldBe(MediaKind.Permanent);
        record.DeliveredAt.ShouldNotBeNull();
        File.Exists(record.LocalFile).ShouldBeTrue();
    }

    [Fact]
    public async Task OpenAICompatibleSpeech_UsesAudioSpeechAndTranscriptions()
    {
        await using var factory = new WeChatGptFactory().With("Speech:Provider", "OpenAI");
        factory.WeChatApi.Media["m-openai"] = TestAudio.Amr(seconds: 1);
        factory.Model.TranscriptionText = () => "Tell me a joke";
        factory.Model.Script = _ => new ModelScript { Answer = "Why did the chicken cross the road?" };

        var reply = await Post(factory, Messages.Voice("o-openai", "m-openai"));

        reply.ShouldContain("<MsgType><![CDATA[voice]]></MsgType>");
        var transcription = factory.Model.TranscriptionRequests.Single();
        transcription.Model.ShouldBe("whisper-1");
        transcription.Language.ShouldBe("zh");
        FakeSpeechServer.WavFormat(transcription.Audio).SampleRate.ShouldBe(16000);
        var speech = factory.Model.SpeechRequests.Single();
        (speech.Model, speech.Voice, speech.Input).ShouldBe(("tts-1", "alloy", "Why did the chicken cross the road?"));
        factory.Model.Requests.Single().LastUserMessage.ShouldBe("Tell me a joke");
    }

    private static async Task<string> Post(WeChatGptFactory factory, string xml) =>
        (await new WeChatSimulator(factory.WeChat(), TimeProvider.System).DeliverAsync(xml, Ct)).Body!;
}
