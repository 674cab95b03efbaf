using Microsoft.Playwright;
using Shouldly;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WeChatGpt.IntegrationTests.Jobs;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Browser;

/// <summary>The dashboard in a real browser: sign in, the Hangfire jobs dashboard and its antiforgery, a follower's conversation.</summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [BrowserFact]
    public async Task SignedIn_TheJobsDashboard_ShowsTheRecurringJobs_AndTriggersOne_ThatSucceeds()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await WithScreenshotOnFailure(page, "jobs", async () =>
        {
            var before = fixture.Factory.LastJobId("ledger-pruning");
            var response = await page.GotoAsync("/admin/jobs/recurring");
            response!.Status.ShouldBe(200);
            (await page.TitleAsync()).ShouldContain("WeChatGpt · 后台任务");
            var row = page.Locator("tr", new() { Has = page.Locator("input[value='ledger-pruning']") });
            (await row.TextContentAsync())!.ShouldContain("Old records pruning");

            await row.Locator("input[type=checkbox]").CheckAsync();
            // The dashboard reloads the page once its trigger is answered: wait until the reloaded page has loaded, or
            // the reload interrupts the next visit (its response alone is not enough: on one core the reload still
            // committed after the next visit had begun).
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            page.Load += (_, _) => reloaded.TrySetResult();
            await page.Locator("button[data-url$='/recurring/trigger']").ClickAsync();
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            var job = await fixture.Factory.NextJobIdAsync("ledger-pruning", before);
            (await fixture.Factory.WaitForFinalStateAsync(job, TimeSpan.FromSeconds(20)))[^1].StateName.ShouldBe("Succeeded");

            await page.GotoAsync("/admin/jobs/jobs/succeeded");
            (await page.Locator("table").First.TextContentAsync())!.ShouldContain("Old records pruning");
            await page.GotoAsync($"/admin/jobs/jobs/details/{job}");
            (await page.ContentAsync()).ShouldContain("Old records pruning");
        });
    }

    [BrowserFact]
    public async Task SignedIn_AFormOnAnotherSite_CannotTriggerAJob()
    {
        // The attacker's page, on another origin: a form that posts to the dashboard as soon as it loads. The
        // browser sends the admin's Basic credentials along by itself; only the antiforgery token is missing.
        await using var attacker = await AttackerSite.StartAsync(new Uri(fixture.Address, "/admin/jobs/recurring/trigger"));
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/jobs/recurring");
        var before = fixture.Factory.LastJobId("ledger-pruning");

        var posted = page.WaitForResponseAsync(r => r.Url.EndsWith("/admin/jobs/recurring/trigger", StringComparison.Ordinal));
        await page.GotoAsync(attacker.Address.ToString());
        var response = await posted;

        response.Status.ShouldBe(400);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        fixture.Factory.LastJobId("ledger-pruning").ShouldBe(before);
    }

    [BrowserFact]
    public async Task WithNoAdminConfigured_TheJobsDashboardIsNotFound()
    {
        await using var closed = new WeChatGptFactory();
        closed.UseKestrel(0);
        closed.StartServer();
        var address = closed.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/admin/jobs");

        response!.Status.ShouldBe(404);
    }

    [BrowserFact]
    public async Task SignedIn_AFollowersConversation_OpensFromTheList()
    {
        var wechat = new WeChatClient(new HttpClient { BaseAddress = fixture.Address });
        await wechat.PostAsync(Messages.Text("o-browser-follower", "浏览器里能看到这个问题吗？"), cancellationToken: Ct);

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await WithScreenshotOnFailure(page, "followers", async () =>
        {
            await page.GotoAsync("/admin/followers");
            await page.GetByRole(AriaRole.Link, new() { Name = "o-browser-follower" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/followers/o-browser-follower");

            var turns = await page.Locator("#turns").TextContentAsync();
            turns!.ShouldContain("浏览器里能看到这个问题吗？");
            turns!.ShouldContain("答：浏览器里能看到这个问题吗？");
        });
    }

    [BrowserFact]
    public async Task SignedIn_TodaysFigures_AreShown()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await WithScreenshotOnFailure(page, "today", async () =>
        {
            await page.GotoAsync("/admin");
            (await page.Locator(".cards").First.TextContentAsync())!.ShouldContain("Messages received");
            (await page.Locator(".cards").First.TextContentAsync())!.ShouldContain("p95 model latency");
        });
    }

    [BrowserFact]
    public async Task WithoutCredentials_TheBrowserIsRefused()
    {
        await using var context = await fixture.NewContextAsync(signedIn: false);
        var page = await context.NewPageAsync();

        // Headless Chromium cannot ask for a password: it gives up on the Basic challenge.
        var refused = await Should.ThrowAsync<PlaywrightException>(() => page.GotoAsync("/admin/jobs"));

        refused.Message.ShouldContain("ERR_INVALID_AUTH_CREDENTIALS");
    }

    /// <summary>On failure, a full-page screenshot under the test output's <c>screenshots</c> folder.</summary>
    private static async Task WithScreenshotOnFailure(IPage page, string name, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}.png"), FullPage = true });
            throw;
        }
    }
}
