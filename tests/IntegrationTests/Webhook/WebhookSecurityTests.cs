using System.Globalization;
using System.Net;
using Shouldly;
using WeChatGpt.Infrastructure.WeChat.Crypto;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Webhook;

public sealed class WebhookSecurityTests(WebhookSecurityTests.Factory factory) : IClassFixture<WebhookSecurityTests.Factory>
{
    public sealed class Factory : WeChatGptFactory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BadSignature_Is401_AndNothingIsAnswered()
    {
        var wechat = factory.WeChat();
        var push = wechat.Push(Messages.Text("o-badsig", "hello"));
        var forged = push.PathAndQuery.Replace("?signature=", "?signature=0", StringComparison.Ordinal);
        var before = factory.Model.Requests.Count;

        var response = await wechat.SendAsync(forged, push.Body, cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        response.ContentType.ShouldBe("text/plain");
        response.Body.ShouldBe("invalid signature");
        factory.Model.Requests.Count.ShouldBe(before);
    }

    [Fact]
    public async Task MissingSignature_Is401()
    {
        var wechat = factory.WeChat();

        var response = await wechat.SendAsync($"/wechat?timestamp={WeChatClient.Now()}&nonce=1", Messages.Text("o-nosig", "x"), cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(+301)]
    [InlineData(-86_400)]
    public async Task TimestampOutsideFiveMinutes_Is401(int offsetSeconds)
    {
        var wechat = factory.WeChat();
        var timestamp = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds).ToString(CultureInfo.InvariantCulture);
        var before = factory.Model.Requests.Count;

        var response = await wechat.Push(Messages.Text("o-stale", "replayed question"), timestamp: timestamp).SendAsync(Ct);

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        response.Body.ShouldBe("stale timestamp");
        factory.Model.Requests.Count.ShouldBe(before);
    }

    [Fact]
    public async Task TimestampWithinTheSkew_IsAccepted()
    {
        var wechat = factory.WeChat();
        var timestamp = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 240).ToString(CultureInfo.InvariantCulture);

        var response = await wechat.Push(Messages.Text("o-skew", "fine"), timestamp: timestamp).SendAsync(Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ExternalEntityPayload_Is400_AndLeaksNothing()
    {
        var wechat = factory.WeChat();
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[o-xxe]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>
            """;

        var response = await wechat.PostAsync(xxe, cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Body.ShouldNotContain("root:");
    }

    [Fact]
    public async Task BillionLaughsPayload_Is400_Quickly()
    {
        var wechat = factory.WeChat();
        const string lol = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
            <xml><ToUserName>a</ToUserName><FromUserName>o-lol</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content><MsgId>2</MsgId></xml>
            """;

        var response = await wechat.PostAsync(lol, cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TwoMegabyteBody_Is413()
    {
        var wechat = factory.WeChat();
        var huge = Messages.Text("o-huge", new string('x', 2 * 1024 * 1024));

        var response = await wechat.PostAsync(huge, cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"MsgType\":\"text\"}")]
    [InlineData("<xml><ToUserName>a</ToUserName>")]
    [InlineData("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>")]
    public async Task MalformedXml_Is400(string body)
    {
        var wechat = factory.WeChat();

        var response = await wechat.PostAsync(body, cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.ContentType.ShouldBe("text/plain");
    }

    [Fact]
    public async Task SafeMode_WithBadMsgSignature_Is401()
    {
        var wechat = factory.WeChat();
        var push = wechat.Push(Messages.Text("o-badmsgsig", "secret"), WireMode.Safe);
        var forged = push.PathAndQuery.Replace("msg_signature=", "msg_signature=f", StringComparison.Ordinal)[..^1];

        var response = await wechat.SendAsync(forged, push.Body, cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SafeMode_EncryptedWithAnUnknownKey_Is400()
    {
        var stranger = new WeChatClient(factory.CreateClient()) { EncodingAesKey = "zyxwvutsrqponmlkjihgfedcba9876543210ZYXWVUT" };

        var response = await stranger.PostAsync(Messages.Text("o-wrongkey", "x"), WireMode.Safe, Ct);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Body.ShouldBe("decryption failed");
    }

    [Fact]
    public async Task SafeMode_ForAnotherAppId_Is400()
    {
        var stranger = new WeChatClient(factory.CreateClient()) { AppId = "wx0000000000000000" };

        var response = await stranger.PostAsync(Messages.Text("o-otherapp", "x"), WireMode.Safe, Ct);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public void Signatures_AreComparedOnTheConfiguredToken() =>
        WeChatSignature.Verify(WeChatSignature.Compute("other", "1", "2"), WeChatGptFactory.Token, "1", "2").ShouldBeFalse();
}
