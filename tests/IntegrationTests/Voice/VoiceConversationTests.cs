using WeChatGpt.Domain.Operations;
using Shouldly;
using WeChatGpt.Application.Voice;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.IntegrationTests.Voice;

/// <summary>Voice in and out with Azure Speech (REST) and WeChat's media API, all faked as real HTTP servers.</summary>
public sealed class VoiceConversationTests(VoiceConversationTests.Factory factory) : IClassFixture<VoiceConversationTests.Factory>
{
    public sealed class Factory : WeChatGptFactory
    {
        public Factory()
        {
            With("Speech:Provider", "Azure");
            With("Speech:MaxSpokenChars", "60");
        }
    }

    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VoiceWithRecognition_IsAnsweredByVoice_WithTheMediaWeChatIssued()
    {
        var openId = OpenId();
        factory.Model.Script = r => new ModelScript { Answer = "明天晴，最高二十度。" };

        var reply = await Deliver(Messages.Voice(openId, "unused-media", recognition: "明天天气如何"));

        reply["MsgType"].ShouldBe("voice");
        var upload = factory.WeChatApi.Uploads.Single(u => u.MediaId == reply["Voice/MediaId"]);
        upload.Kind.ShouldBe("temporary");
        upload.ContentType.ShouldBe("audio/mpeg");
        var mp3 = Mp3Info.Parse(upload.Content);
        mp3.IsValid.ShouldBeTrue();
        mp3.Duration.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
        upload.Content.Length.ShouldBeLessThanOrEqualTo(2 * 1024 * 1024);
        factory.Model.Requests.Last().LastUserMessage.ShouldBe("明天天气如何");
        var synthesis = factory.Speech.Syntheses.Last();
        synthesis.Key.ShouldBe(WeChatGptFactory.SpeechKey);
        synthesis.OutputFormat.ShouldBe("audio-16khz-32kbitrate-mono-mp3");
        synthesis.Ssml.ShouldContain("zh-CN-XiaoyanNeural");
        synthesis.Ssml.ShouldContain("明天晴，最高二十度。");
    }

    [Fact]
    public async Task VoiceWithoutRecognition_IsDownloadedConvertedAndTranscribed()
    {
        var openId = OpenId();
        factory.WeChatApi.Media[$"amr-{openId}"] = TestAudio.Amr(seconds: 2);
        factory.Speech.Transcript = r => "今天天气怎么样";
        factory.Model.Script = r => new ModelScript { Answer = "今天多云。" };

        var reply = await Deliver(Messages.Voice(openId, $"amr-{openId}"));

        reply["MsgType"].ShouldBe("voice", string.Join("\n", factory.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Message)));
        var recognition = factory.Speech.Recognitions.Last();
        recognition.Language.ShouldBe("zh-CN");
        recognition.ContentType.ShouldStartWith("audio/wav");
        var (channels, sampleRate, bits) = FakeSpeechServer.WavFormat(recognition.Audio);
        (channels, sampleRate, bits).ShouldBe((1, 16000, 16));
        recognition.Audio.Length.ShouldBeGreaterThan(2 * 16000 * 2 * 9 / 10);
        factory.Model.Requests.Last().LastUserMessage.ShouldBe("今天天气怎么样");
    }

    [Fact]
    public async Task NothingRecognised_AsksToSayItAgain_WithoutCallingTheModel()
    {
        var openId = OpenId();
        factory.WeChatApi.Media[$"silent-{openId}"] = TestAudio.Amr(seconds: 1);
        factory.Speech.Transcript = r => string.Empty;
        var before = factory.Model.Requests.Count;

        var reply = await Deliver(Messages.Voice(openId, $"silent-{openId}"));

        reply["Content"].ShouldBe(Texts.VoiceNotUnderstood);
        factory.Model.Requests.Count.ShouldBe(before);
        factory.Speech.Transcript = r => "今天天气怎么样";
    }

    [Fact]
    public async Task EnglishPractice_ListensAndSpeaksEnglish()
    {
        var openId = OpenId();
        factory.WeChatApi.Media[$"en-{openId}"] = TestAudio.Amr(seconds: 1);
        factory.Speech.Transcript = r => "I like travelling";
        factory.Model.Script = r => new ModelScript { Answer = "Great! Where did you go last time?" };
        await Text(openId, "英语:旅行");

        var reply = await Deliver(Messages.Voice(openId, $"en-{openId}"));

        reply["MsgType"].ShouldBe("voice");
        factory.Speech.Recognitions.Last().Language.ShouldBe("en-US");
        factory.Speech.Syntheses.Last().Ssml.ShouldContain("en-US-AriaNeural");
        factory.Speech.Transcript = r => "今天天气怎么样";
    }

    [Fact]
    public async Task VoiceRepliesOn_AnswersTypedQuestionsByVoice_UntilTurnedOff()
    {
        var openId = OpenId();
        factory.Model.Script = r => new ModelScript { Answer = "好的，用语音回答。" };

        (await Text(openId, "语音开"))["Content"].ShouldBe(Texts.VoiceOn);
        (await Text(openId, "打字的问题"))["MsgType"].ShouldBe("voice");
        (await Text(openId, "语音关"))["Content"].ShouldBe(Texts.VoiceOff);
        (await Text(openId, "再问一次"))["MsgType"].ShouldBe("text");
    }

    [Fact]
    public async Task LongAnswer_SpeaksTheBeginning_AndTheFullTextIsOnContinue()
    {
        var openId = OpenId();
        var answer = string.Concat(Enumerable.Range(1, 12).Select(i => $"这是第{i}句比较长的回答内容。"));
        factory.Model.Script = r => new ModelScript { Answer = answer };

        var reply = await Deliver(Messages.Voice(openId, "unused", recognition: "讲个长的"));
        var continued = await Text(openId, "继续");

        reply["MsgType"].ShouldBe("voice");
        var spoken = factory.Speech.Syntheses.Last().Ssml;
        spoken.ShouldContain("这是第1句");
        spoken.ShouldNotContain("这是第12句");
        spoken.ShouldContain(Texts.SpokenMoreHint);
        continued["Content"].ShouldBe(answer);
    }

    [Fact]
    public async Task SpeechServiceFailure_AnswersInText()
    {
        var openId = OpenId();
        factory.Model.Script = r => new ModelScript { Answer = "文字也行。" };
        factory.Speech.Status = 500;
        try
        {
            var reply = await Deliver(Messages.Voice(openId, "unused", recognition: "语音坏了吗"));

            reply["MsgType"].ShouldBe("text");
            reply["Content"].ShouldStartWith("文字也行。");
            reply["Content"].ShouldContain(Texts.VoiceNotReady);
            (await FailureRecords.EventuallyAsync(factory, openId, FailureKinds.Voice, Ct)).Question.ShouldBe("语音坏了吗", "on the owner's record");
        }
        finally
        {
            factory.Speech.Status = 200;
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> Deliver(string xml)
    {
        var outcome = await new WeChatSimulator(factory.WeChat(), TimeProvider.System).DeliverAsync(xml, Ct);
        outcome.FailureNoticeShown.ShouldBeFalse();
        return outcome.Reply!;
    }

    private async Task<IReadOnlyDictionary<string, string>> Text(string openId, string text)
    {
        var response = await factory.WeChat().PostAsync(Messages.Text(openId, text), cancellationToken: Ct);
        return WeChatXmlReader.ReadFields(response.Body);
    }

    private static string OpenId() => $"o-{Guid.NewGuid():N}"[..28];
}
