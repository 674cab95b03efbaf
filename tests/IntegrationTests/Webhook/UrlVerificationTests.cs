using System.Net;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Webhook;

public sealed class UrlVerificationTests(UrlVerificationTests.Factory factory) : IClassFixture<UrlVerificationTests.Factory>
{
    /// <summary>The clock at the official example's moment (its timestamp 1714036504), so that its signature is fresh.</summary>
    public sealed class Factory : WeChatGptFactory
    {
        public Factory() => UseManualClock(DateTimeOffset.FromUnixTimeSeconds(1714036504).AddSeconds(20));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ValidSignature_EchoesEchostrExactly()
    {
        // The official example (wechat-protocol.md §1): token AAAAA.
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/wechat?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe("4375120948345356249");
    }

    [Theory]
    [InlineData("/wechat?signature=0000000000000000000000000000000000000000&timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249")]
    [InlineData("/wechat?timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249")]
    [InlineData("/wechat?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&timestamp=1714036505&nonce=1514711492&echostr=4375120948345356249")]
    public async Task InvalidSignature_Is401_AndDoesNotEcho(string url)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(url, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("4375120948345356249");
    }

    [Fact]
    public async Task AValidSignature_OnAStaleTimestamp_Is401()
    {
        await using var later = new WeChatGptFactory();
        using var client = later.CreateClient();

        using var response = await client.GetAsync("/wechat?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe("stale timestamp");
    }

    [Fact]
    public async Task MissingEchostr_Is400()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/wechat?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&timestamp=1714036504&nonce=1514711492", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Health_Is200()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
