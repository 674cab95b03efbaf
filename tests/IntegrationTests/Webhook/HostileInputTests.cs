using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Shouldly;
using WeChatGpt.Infrastructure.WeChat.Crypto;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Webhook;

/// <summary>An account in safe mode, attacked with what a reverse proxy's access log and a little patience give.</summary>
public sealed class HostileInputTests(HostileInputTests.Factory factory) : IClassFixture<HostileInputTests.Factory>
{
    public sealed class Factory : WeChatGptFactory
    {
        public Factory() => With("WeChat:EncryptionMode", "Safe");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InSafeMode_APlaintextPush_IsRefused403_Counted_AndLoggedWithoutItsContent()
    {
        using var metrics = new MetricsRecorder(factory.Services);
        var wechat = factory.WeChat();
        var before = factory.Model.Requests.Count;

        var response = await wechat.PostAsync(Messages.Text("o-victim-plain", "继续 秘密内容"), WireMode.Plaintext, Ct);

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response.Body.ShouldBe("plaintext pushes are refused in safe mode");
        factory.Model.Requests.Count.ShouldBe(before);
        metrics.Sum("wechatgpt.webhook.refused", "reason", "plaintext").ShouldBe(1);
        factory.Logs.Entries.ShouldContain(e => e.Message == "Push refused: plaintext push while WeChat:EncryptionMode is Safe");
        factory.Logs.Entries.ShouldNotContain(e => e.Message.Contains("秘密内容", StringComparison.Ordinal) || e.Message.Contains("o-victim-plain", StringComparison.Ordinal));

        // The same follower's real, encrypted pushes are answered as usual.
        var real = await wechat.PostAsync(Messages.Text("o-victim-plain", "你好"), WireMode.Safe, Ct);
        wechat.OpenReply(real)["Content"].ShouldBe("答：你好");
    }

    [Fact]
    public async Task ASignedQuery_CarriesOneMessage_TheSameQueryWithAnotherBody_IsRefused()
    {
        using var metrics = new MetricsRecorder(factory.Services);
        var wechat = factory.WeChat();
        var first = wechat.Push(Messages.Text("o-query-owner", "我的问题"), WireMode.Safe);
        var reply = await first.SendAsync(Ct);
        wechat.OpenReply(reply)["Content"].ShouldBe("答：我的问题");

        // Someone who saw the query in a log re-signs nothing: they reuse it with a body of their own
        // (they cannot encrypt for this account, so they try a plaintext one and an envelope of a message they made up).
        var forgedPlain = await wechat.SendAsync(first.PathAndQuery.Replace("&encrypt_type=aes", string.Empty, StringComparison.Ordinal), Messages.Text("o-query-owner", "继续"), cancellationToken: Ct);
        var otherMessage = wechat.Push(Messages.Text("o-someone-else", "继续"), WireMode.Safe, first.Timestamp, first.Nonce);
        var forgedEnvelope = await wechat.SendAsync(first.PathAndQuery, otherMessage.Body, cancellationToken: Ct);

        forgedPlain.Status.ShouldBe(HttpStatusCode.Forbidden);
        forgedEnvelope.Status.ShouldBe(HttpStatusCode.Unauthorized);
        forgedEnvelope.Body.ShouldBeOneOf("query already used", "invalid msg_signature");
        factory.Model.RequestCount("继续").ShouldBe(0);
    }

    [Fact]
    public async Task AQueryReusedForAnotherMessageUnderAValidEnvelope_IsRefusedAsAlreadyUsed()
    {
        // Compatible accounts and leaked tokens aside, the ledger's rule is what refuses the reuse here: the same
        // signature, timestamp and nonce with a second (validly encrypted) message.
        var wechat = factory.WeChat();
        var nonce = WeChatClient.Nonce();
        var timestamp = WeChatClient.Now();
        var first = wechat.Push(Messages.Text("o-reuse-a", "第一条"), WireMode.Safe, timestamp, nonce);
        var second = wechat.Push(Messages.Text("o-reuse-b", "第二条"), WireMode.Safe, timestamp, nonce);

        (await first.SendAsync(Ct)).Status.ShouldBe(HttpStatusCode.OK);
        var reused = await second.SendAsync(Ct);
        var redelivered = await first.SendAsync(Ct);

        reused.Status.ShouldBe(HttpStatusCode.Unauthorized);
        reused.Body.ShouldBe("query already used");
        factory.Model.RequestCount("第二条").ShouldBe(0);
        redelivered.Status.ShouldBe(HttpStatusCode.OK, "the same message again is a redelivery, not a reuse");
        wechat.OpenReply(redelivered)["Content"].ShouldBe("答：第一条");
    }

    [Theory]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775807")]
    [InlineData("99999999999999999999999999")]
    [InlineData("now-2^63")]
    public async Task AnAbsurdTimestamp_Is401_NotA500(string timestamp)
    {
        if (timestamp == "now-2^63")
        {
            timestamp = (new BigInteger(DateTimeOffset.UtcNow.ToUnixTimeSeconds()) - BigInteger.Pow(2, 63)).ToString(CultureInfo.InvariantCulture);
        }

        var wechat = factory.WeChat();
        var response = await wechat.Push(Messages.Text("o-overflow", "x"), WireMode.Safe, timestamp: timestamp).SendAsync(Ct);
        var verification = await factory.CreateClient().GetAsync(
            $"/wechat?signature={WeChatSignature.Compute(WeChatGptFactory.Token, timestamp, "7")}&timestamp={timestamp}&nonce=7&echostr=e", Ct);

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        response.Body.ShouldBe("stale timestamp");
        verification.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(24)]
    [InlineData(32)]
    public async Task ASixteenByteEncryptBlock_PaddedBeyondItsLength_Is400(byte pad)
    {
        var key = WeChatMessageCrypto.DecodeKey(WeChatGptFactory.EncodingAesKey);
        var block = Enumerable.Repeat(pad, 16).ToArray();
        using var aes = Aes.Create();
        aes.Key = key;
        var encrypt = Convert.ToBase64String(aes.EncryptCbc(block, key[..16], PaddingMode.None));
        var timestamp = WeChatClient.Now();
        var nonce = WeChatClient.Nonce();
        var query = $"/wechat?signature={WeChatSignature.Compute(WeChatGptFactory.Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}"
            + $"&encrypt_type=aes&msg_signature={WeChatSignature.Compute(WeChatGptFactory.Token, timestamp, nonce, encrypt)}";

        var response = await factory.WeChat().SendAsync(query, $"<xml><ToUserName>gh_test</ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>", cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Body.ShouldBe("decryption failed");
    }

    [Theory]
    [InlineData("application/json; charset=ebcdic")]
    [InlineData("application/json; charset=\"x-unknown\"")]
    public async Task TheApi_WithACharsetItCannotDecode_Is415_WithoutDetails(string contentType)
    {
        using var client = factory.ApiClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"text\":\"hi\"}"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync("/api/followers/o-ebcdic/messages", content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.ShouldContain("charset is not supported");
        body.ShouldNotContain("Exception");
        factory.Model.RequestCount("hi").ShouldBe(0);
    }

    [Fact]
    public async Task TheApi_InUtf8WithACharset_IsStillAnswered()
    {
        using var client = factory.ApiClient();
        using var content = new StringContent("{\"text\":\"utf8 charset\"}", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        using var response = await client.PostAsync("/api/followers/o-utf8/messages", content, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("答：utf8 charset");
    }

    [Fact]
    public async Task ANineThousandDeepBody_Is400_InMilliseconds()
    {
        var wechat = factory.WeChat();
        var deep = "<xml>" + string.Concat(Enumerable.Repeat("<a>", 9_000)) + string.Concat(Enumerable.Repeat("</a>", 9_000)) + "</xml>";
        var watch = Stopwatch.StartNew();

        // Plaintext: encrypted, 63 KB would exceed the body limit. The body is read before the mode is checked.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => wechat.PostAsync(deep, WireMode.Plaintext, Ct)));

        responses.ShouldAllBe(r => r.Status == HttpStatusCode.BadRequest && r.Body == "malformed XML");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3), "eight at once took ~8 s of CPU before the reader was bounded");
    }
}
