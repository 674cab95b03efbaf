using Microsoft.Playwright;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Browser;

/// <summary>The dashboard in a real browser: sign in, the jobs page, "run now", a follower's conversation.</summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignedIn_TheJobsPage_RunNow_RecordsTheRun()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await WithScreenshotOnFailure(page, "jobs", async () =>
        {
            var response = await page.GotoAsync("/admin/jobs");
            response!.Status.ShouldBe(200);
            (await page.TitleAsync()).ShouldBe("Jobs · WeChatGpt admin");
            var row = page.Locator("#recurring tr[data-job='ledger-pruning']");
            (await row.TextContentAsync())!.ShouldContain("0 30 3 * * ?");

            await row.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/jobs?ran=ledger-pruning");

            var flash = await page.Locator("#flash").TextContentAsync();
            flash!.ShouldContain("Started ledger-pruning.");
            flash!.ShouldContain("Last run: Succeeded");
            var run = page.Locator("#runs tr[data-job='ledger-pruning']").First;
            (await run.TextContentAsync())!.ShouldContain("Succeeded");
            (await run.TextContentAsync())!.ShouldContain("run now");
            (await page.Locator("#recurring tr[data-job='ledger-pruning']").TextContentAsync())!.ShouldContain("1 / 0");
        });
    }

    [Fact]
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

    [Fact]
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

    [Fact]
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
