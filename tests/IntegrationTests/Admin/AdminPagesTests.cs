using System.Net;
using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

/// <summary>The server-rendered pages over HTTP: followers and a conversation, antiforgery on every form.</summary>
public sealed partial class AdminPagesTests : IAsyncLifetime
{
    private readonly WeChatGptFactory _factory = new WeChatGptFactory().WithAdmin().With("RateLimit:PermitsPerMinute", "100");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = _factory.Server;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task FormPosts_WithoutAValidToken_AreRefused_AndNothingIsReset()
    {
        await _factory.WeChat().PostAsync(Messages.Text("o-kept-follower", "别删我"), cancellationToken: Ct);
        var token = await FormTokenAsync(_factory.AdminClient(), "/admin/followers/o-kept-follower");

        // A browser without the dashboard's cookie (as a form on another site would post): no token at all,
        // or a token copied without its cookie.
        var client = _factory.AdminClient();
        using var bare = await client.PostAsync("/admin/followers/o-kept-follower/reset", new FormUrlEncodedContent([]), Ct);
        using var noCookie = await client.PostAsync("/admin/followers/o-kept-follower/reset", new FormUrlEncodedContent([new("__af", token)]), Ct);

        bare.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        noCookie.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetStringAsync("/admin/followers/o-kept-follower", Ct)).ShouldContain("1 turns, newest first");
    }

    [Fact]
    public async Task Followers_AndAConversation_ArePaged_AndCanBeReset()
    {
        var wechat = _factory.WeChat();
        for (var i = 1; i <= 23; i++)
        {
            await wechat.PostAsync(Messages.Text("o-pages-follower", $"第{i}个问题 <b>"), cancellationToken: Ct);
        }

        await wechat.PostAsync(Messages.Text("o-pages-other", "你好"), cancellationToken: Ct);
        var client = _factory.AdminClient();

        var list = await client.GetStringAsync("/admin/followers", Ct);
        list.ShouldContain("<a href=\"/admin/followers/o-pages-follower\"><code>o-pages-follower</code></a>");
        list.ShouldContain("<td class=\"num\">23</td>");
        (await client.GetStringAsync("/admin/followers?q=o-pages-oth", Ct)).ShouldNotContain("o-pages-follower");

        var first = await client.GetStringAsync("/admin/followers/o-pages-follower", Ct);
        first.ShouldContain("23 turns, newest first");
        first.ShouldContain("第23个问题 &lt;b&gt;");
        first.ShouldNotContain("第3个问题 &lt;b&gt;");
        first.ShouldContain("Page 1 of 2");
        var second = await client.GetStringAsync("/admin/followers/o-pages-follower?page=2", Ct);
        second.ShouldContain("第3个问题 &lt;b&gt;");
        second.ShouldNotContain("<b>");

        var token = await FormTokenAsync(client, "/admin/followers/o-pages-follower");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/followers/o-pages-follower/reset") { Content = new FormUrlEncodedContent([new("__af", token)]) };
        var reset = await client.SendAsync(post, Ct);
        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await client.GetStringAsync(reset.Headers.Location!.ToString(), Ct);
        after.ShouldContain("Conversation reset: 23 turn(s) forgotten.");
        after.ShouldContain("0 turns, newest first");
    }

    [Fact]
    public async Task AnUnknownFollower_Is404()
    {
        (await _factory.AdminClient().GetAsync("/admin/followers/o-nobody", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// The antiforgery field of the page's first form. The test client keeps cookies like a browser, so the
    /// antiforgery cookie issued with the page goes back with the next request of the same client.
    /// </summary>
    private static async Task<string> FormTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page, Ct);
        var token = TokenField().Match(html).Groups[1].Value;
        token.ShouldNotBeEmpty();
        return WebUtility.HtmlDecode(token);
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
