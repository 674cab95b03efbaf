using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Webhook;

public sealed partial class MessageTypeTests(MessageTypeTests.Factory factory) : IClassFixture<MessageTypeTests.Factory>
{
    public sealed class Factory : WeChatGptFactory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> InboundVectors()
    {
        var data = new TheoryData<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "wechat-vectors.json")));
        foreach (var v in doc.RootElement.GetProperty("inbound_messages").EnumerateArray())
        {
            data.Add(v.GetProperty("id").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InboundVectors))]
    public async Task EveryMessageTypeAndEvent_Gets200_WithValidXmlOrSuccess(string id)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "wechat-vectors.json")));
        var xml = doc.RootElement.GetProperty("inbound_messages").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id).GetProperty("xml").GetString()!;
        // A unique sender and MsgId per run, so that the ledger sees a new message each time.
        var unique = $"u{Guid.NewGuid():N}";
        xml = xml.Replace("[fromUser]", $"[{unique}]", StringComparison.Ordinal).Replace("[FromUser]", $"[{unique}]", StringComparison.Ordinal);
        xml = MsgIdPattern().Replace(xml, $"<MsgId>{Messages.NextMsgId().ToString(CultureInfo.InvariantCulture)}</MsgId>");

        var response = await factory.WeChat().PostAsync(xml, cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
        if (response.Body != "success")
        {
            var reply = WeChatXmlReader.ReadFields(response.Body);
            reply["ToUserName"].ShouldBe(unique);
            reply["FromUserName"].ShouldBe("toUser");
            reply["MsgType"].ShouldBe("text");
            reply["Content"].ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public async Task Subscribe_GetsTheConfiguredWelcome()
    {
        var response = await factory.WeChat().PostAsync(Messages.Event($"o-{Guid.NewGuid():N}", "subscribe"), cancellationToken: Ct);

        WeChatXmlReader.ReadFields(response.Body)["Content"].ShouldContain("感谢关注");
    }

    [Fact]
    public async Task AnImageThatCannotBeFetched_GetsTheClearPictureText()
    {
        // Its media is unknown to WeChat (40007) and its PicUrl is not on WeChat's hosts: never fetched (PhotosOffTests: Vision:Enabled=false).
        var xml = $"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[o-img]]></FromUserName><CreateTime>{Messages.Now()}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x]]></PicUrl><MediaId><![CDATA[m]]></MediaId><MsgId>{Messages.NextMsgId()}</MsgId></xml>";

        var response = await factory.WeChat().PostAsync(xml, cancellationToken: Ct);

        WeChatXmlReader.ReadFields(response.Body)["Content"].ShouldBe(new Application.Common.Texts.TextsOptions().PictureInvalid);
    }

    [Theory]
    [InlineData("unsubscribe")]
    [InlineData("VIEW")]
    [InlineData("LOCATION")]
    [InlineData("TEMPLATESENDJOBFINISH")]
    public async Task EventsWithoutMeaning_GetSuccess(string name)
    {
        var response = await factory.WeChat().PostAsync(Messages.Event($"o-{Guid.NewGuid():N}", name), cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Body.ShouldBe("success");
    }

    [GeneratedRegex("<MsgId>\\d+</MsgId>")]
    private static partial Regex MsgIdPattern();
}
