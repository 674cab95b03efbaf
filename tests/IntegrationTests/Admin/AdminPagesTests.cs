using System.Net;
using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.IntegrationTests.Jobs;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

/// <summary>The server-rendered pages over HTTP: jobs with "run now", followers and a conversation, antiforgery on every form.</summary>
public sealed partial class AdminPagesTests : IAsyncLifetime
{
    private readonly WeChatGptFactory _factory = new WeChatGptFactory().WithAdmin().With("RateLimit:PermitsPerMinute", "100");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _factory.SchedulerAsync(Ct);

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task JobsPage_ListsTheRecurringJobs_WithScheduleAndNextRun()
    {
        var page = await _factory.AdminClient().GetStringAsync("/admin/jobs", Ct);

        foreach (var job in new[] { "voice-files-cleanup", "media-bookkeeping", "ledger-pruning" })
        {
            page.ShouldContain($"<tr data-job=\"{job}\">");
        }

        page.ShouldContain("<code>0 */5 * * * ?</code>");
        page.ShouldContain("No runs recorded yet.");
    }

    [Fact]
    public async Task RunNow_WithTheFormsToken_RunsTheJob_AndThePageShowsTheRun()
    {
        var client = _factory.AdminClient();
        var token = await FormTokenAsync(client, "/admin/jobs");

        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs/ledger-pruning/run")
        {
            Content = new FormUrlEncodedContent([new("__af", token)]),
        };
        using var response = await client.SendAsync(post, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/admin/jobs?ran=ledger-pruning");
        (await _factory.WaitForRunsAsync("ledger-pruning", 1, TimeSpan.FromSeconds(20), Ct))[0].Manual.ShouldBeTrue();
        var page = await client.GetStringAsync("/admin/jobs?ran=ledger-pruning", Ct);
        page.ShouldContain("Started <strong>ledger-pruning</strong>. Last run: <span class=\"ok\">Succeeded</span>");
        RunsRow().IsMatch(page).ShouldBeTrue();
    }

    [Fact]
    public async Task FormPosts_WithoutAValidToken_AreRefused_AndNothingRuns()
    {
        var token = await FormTokenAsync(_factory.AdminClient(), "/admin/jobs");

        // A browser without the dashboard's cookie (as a form on another site would post): no token at all,
        // or a token copied without its cookie.
        var client = _factory.AdminClient();
        using var bare = await client.PostAsync("/admin/jobs/ledger-pruning/run", new FormUrlEncodedContent([]), Ct);
        using var noCookie = await client.PostAsync("/admin/jobs/ledger-pruning/run", new FormUrlEncodedContent([new("__af", token)]), Ct);
        using var reset = await client.PostAsync("/admin/followers/o-x/reset", new FormUrlEncodedContent([new("__af", token)]), Ct);

        bare.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        noCookie.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        reset.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await Task.Delay(300, Ct);
        (await _factory.WaitForRunsAsync("ledger-pruning", 0, TimeSpan.FromSeconds(1), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunNow_OfAnUnknownJob_Is404()
    {
        var client = _factory.AdminClient();
        var token = await FormTokenAsync(client, "/admin/jobs");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs/no-such-job/run") { Content = new FormUrlEncodedContent([new("__af", token)]) };

        (await client.SendAsync(post, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
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

    [GeneratedRegex("<tr data-job=\"ledger-pruning\"><td>[^<]+</td><td>ledger-pruning</td><td class=\"num\">[^<]+</td><td><span class=\"ok\">Succeeded</span></td><td class=\"muted\">run now</td></tr>")]
    private static partial Regex RunsRow();
}
