using Microsoft.Playwright;
using Shouldly;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Browser;

/// <summary>
/// The owner's console in a real browser, on a phone-sized screen: a failure appears after a failing question, a
/// disabled key is re-enabled, a keyword added in the page is answered through the webhook. On failure, screenshots
/// at 1366 px and 390 px wide.
/// </summary>
public sealed class ConsoleBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [BrowserFact]
    public async Task AFailingQuestion_AppearsOnTheFailuresPage_ReachedFromTheModelErrorsCard()
    {
        fixture.Factory.Model.Script = r => r.LastUserMessage == "浏览器里的失败" ? new ModelScript { Status = 500 } : new ModelScript { Answer = "答：" + r.LastUserMessage };
        (await AskAsync("o-browser-failure", "浏览器里的失败")).ShouldBe(new Application.Common.Texts.TextsOptions().Apology);

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await WithScreenshotsOnFailure(page, "failures", async () =>
        {
            await page.GotoAsync("/admin");
            await page.Locator("a.card[href='/admin/failures']").First.ClickAsync();
            await page.WaitForURLAsync("**/admin/failures");
            // Written in the background: a moment after the apology went out.
            await Eventually.TrueAsync(
                async () =>
                {
                    await page.ReloadAsync();
                    return (await page.Locator("#failures").TextContentAsync())!.Contains("浏览器里的失败", StringComparison.Ordinal);
                },
                TimeSpan.FromSeconds(10),
                "the failure is on the page");
            (await page.Locator("#failures").TextContentAsync())!.ShouldContain("model-server-error");
        });
    }

    [BrowserFact]
    public async Task AKeyDisabledBy401_IsReEnabledFromTheKeysPage_AndAnswersAgain()
    {
        fixture.Factory.Model.Script = r => r.LastUserMessage == "钥匙被吊销了" ? new ModelScript { Status = 401 } : new ModelScript { Answer = "答：" + r.LastUserMessage };
        await AskAsync("o-browser-key", "钥匙被吊销了");

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await WithScreenshotsOnFailure(page, "keys", async () =>
        {
            await page.GotoAsync("/admin/keys");
            (await page.Locator("#keys").TextContentAsync())!.ShouldContain("disabled");
            await page.GetByRole(AriaRole.Button, new() { Name = "Re-enable" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/keys?enabled=*");
            (await page.Locator("#keys").TextContentAsync())!.ShouldContain("active");
        });

        (await AskAsync("o-browser-key", "现在能回答了吗")).ShouldBe("答：现在能回答了吗");
    }

    [BrowserFact]
    public async Task AKeywordAddedInThePage_IsAnsweredThroughTheWebhook()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await WithScreenshotsOnFailure(page, "keywords", async () =>
        {
            await page.GotoAsync("/admin/keywords");
            var form = page.Locator("form[action='/admin/keywords']");
            await form.Locator("input[name=keyword]").FillAsync("浏览器关键词");
            await form.Locator("textarea[name=reply]").FillAsync("这是在浏览器里加的回复。");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/keywords?saved=saved");
            (await page.ContentAsync()).ShouldContain("这是在浏览器里加的回复。");
        });

        (await AskAsync("o-browser-keyword", "浏览器关键词")).ShouldBe("这是在浏览器里加的回复。");
        fixture.Factory.Model.RequestCount("浏览器关键词").ShouldBe(0);
    }

    [BrowserFact]
    public async Task AMenuPublishedInThePage_ReachesWeChat()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await WithScreenshotsOnFailure(page, "menu", async () =>
        {
            await page.GotoAsync("/admin/menu");
            await page.Locator("textarea[name=menu]").FillAsync("""{"button":[{"type":"click","name":"浏览器菜单","key":"浏览器菜单"}]}""");
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/menu?saved=published");
        });

        fixture.Factory.WeChatApi.Menus.ShouldContain(m => m.Contains("浏览器菜单", StringComparison.Ordinal));
    }

    private async Task<string> AskAsync(string openId, string text)
    {
        var wechat = new WeChatClient(new HttpClient { BaseAddress = fixture.Address });
        var response = await wechat.PostAsync(Messages.Text(openId, text), cancellationToken: Ct);
        return WeChatXmlReader.ReadFields(response.Body)["Content"];
    }

    /// <summary>On failure, full-page screenshots at a laptop's width and a phone's, under the test output's <c>screenshots</c> folder.</summary>
    private static async Task WithScreenshotsOnFailure(IPage page, string name, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
            foreach (var width in new[] { 1366, 390 })
            {
                await page.SetViewportSizeAsync(width, 900);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}-{width}.png"), FullPage = true });
            }

            throw;
        }
    }
}
