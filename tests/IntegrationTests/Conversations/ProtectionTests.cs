using Shouldly;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

public sealed class ProtectionTests(ProtectionTests.Factory factory) : IClassFixture<ProtectionTests.Factory>
{
    public sealed class Factory : WeChatGptFactory
    {
        public Factory() => With("RateLimit:PermitsPerMinute", "2");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OverTheRateLimit_GetsAFriendlyNotice_AndTheModelIsNotCalled()
    {
        var openId = $"o-{Guid.NewGuid():N}";

        (await Ask(openId, "一")).ShouldBe("答：一");
        (await Ask(openId, "二")).ShouldBe("答：二");
        var third = await Ask(openId, $"三 {openId}");

        third.ShouldStartWith("你发得太快啦，请 ");
        third.ShouldEndWith(" 秒后再试。");
        factory.Model.RequestCount($"三 {openId}").ShouldBe(0);
    }

    [Fact]
    public async Task Redeliveries_DoNotCountAgainstTheLimit()
    {
        var openId = $"o-{Guid.NewGuid():N}";
        var push = factory.WeChat().Push(Messages.Text(openId, $"重复 {openId}"));
        for (var i = 0; i < 5; i++)
        {
            await push.SendAsync(Ct);
        }

        (await Ask(openId, $"下一个 {openId}")).ShouldBe($"答：下一个 {openId}");
    }

    [Fact]
    public async Task CommandsAndContinue_DoNotCountAgainstTheLimit()
    {
        var openId = $"o-{Guid.NewGuid():N}";
        foreach (var command in new[] { "帮助", "继续", "模板", "继续" })
        {
            await Ask(openId, command);
        }

        (await Ask(openId, "问")).ShouldBe("答：问");
        (await Ask(openId, "再问")).ShouldBe("答：再问");
    }

    private async Task<string> Ask(string openId, string text)
    {
        var response = await factory.WeChat().PostAsync(Messages.Text(openId, text), cancellationToken: Ct);
        return WeChatXmlReader.ReadFields(response.Body)["Content"];
    }
}
