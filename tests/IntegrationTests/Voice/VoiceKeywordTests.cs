using System.Net.Http.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Voice;

public sealed class VoiceKeywordTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASpokenKeyword_GetsTheOwnersReply_WithoutTheModel()
    {
        await using var factory = new WeChatGptFactory().WithAdmin().With("Speech:Provider", "Azure");
        await factory.AdminClient().PostAsJsonAsync("/admin/api/keywords", new { keyword = "营业时间", match = "Exact", reply = "每天 9 点到 18 点。" }, Ct);
        factory.WeChatApi.Media["amr-keyword"] = TestAudio.Amr(seconds: 1);
        factory.Speech.Transcript = _ => "营业时间。";

        var response = await factory.WeChat().PostAsync(Messages.Voice("o-voice-keyword", "amr-keyword"), cancellationToken: Ct);

        factory.WeChat().OpenReply(response)["Content"].ShouldBe("每天 9 点到 18 点。");
        factory.Model.RequestCount().ShouldBe(0);
    }
}
