using System.Net;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Webhook;

public sealed class EncryptionModeTests(EncryptionModeTests.Factory factory) : IClassFixture<EncryptionModeTests.Factory>
{
    public sealed class Factory : WeChatGptFactory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SafeMode_RoundTrip_ReplyIsEncryptedSignedAndAddressedBack()
    {
        var wechat = factory.WeChat();

        var response = await wechat.PostAsync(Messages.Text("o-safe-user", "安全模式你好"), WireMode.Safe, Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Body.ShouldStartWith("<xml>\n<Encrypt><![CDATA[");
        response.Body.ShouldNotContain("安全模式你好");
        var reply = wechat.OpenReply(response);
        reply["MsgType"].ShouldBe("text");
        reply["ToUserName"].ShouldBe("o-safe-user");
        reply["FromUserName"].ShouldBe(Messages.Account);
        reply["Content"].ShouldContain("安全模式你好");
    }

    [Fact]
    public async Task CompatibleMode_UsesTheAuthenticatedCiphertext_AndRepliesEncrypted()
    {
        var wechat = factory.WeChat();

        var response = await wechat.PostAsync(Messages.Text("o-compat", "兼容模式"), WireMode.Compatible, Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
        wechat.OpenReply(response)["Content"].ShouldContain("兼容模式");
    }

    [Fact]
    public async Task CompatibleMode_TamperedPlaintextHalf_IsIgnored()
    {
        var wechat = factory.WeChat();
        var push = wechat.Push(Messages.Text("o-tamper", "the real question"), WireMode.Compatible);
        var tampered = push.Body.Replace("the real question", "a forged question", StringComparison.Ordinal);

        var response = await wechat.SendAsync(push.PathAndQuery, tampered, cancellationToken: Ct);

        var content = wechat.OpenReply(response)["Content"];
        content.ShouldContain("the real question");
        content.ShouldNotContain("forged");
    }

    [Fact]
    public async Task KeyRotation_MessageUnderThePreviousKey_IsAnsweredUnderThatKey()
    {
        var wechat = new WeChatClient(factory.CreateClient()) { EncodingAesKey = WeChatGptFactory.PreviousEncodingAesKey };

        var response = await wechat.PostAsync(Messages.Text("o-rotated", "旧密钥"), WireMode.Safe, Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
        wechat.OpenReply(response, WeChatGptFactory.PreviousEncodingAesKey)["Content"].ShouldContain("旧密钥");
        Should.Throw<Exception>(() => wechat.OpenReply(response, WeChatGptFactory.EncodingAesKey));
    }

    [Fact]
    public async Task SafeMode_NoReply_IsPlainSuccess()
    {
        var wechat = factory.WeChat();

        var response = await wechat.PostAsync(Messages.Event("o-safe-view", "VIEW", "https://example.com"), WireMode.Safe, Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Body.ShouldBe("success");
    }
}
