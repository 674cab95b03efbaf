using Microsoft.Playwright;
using Shouldly;

namespace WeChatGpt.IntegrationTests.Browser;

/// <summary>The console as an owner sees it by default: in Chinese (fonts from <c>.ci/run</c>), on a phone and a laptop.</summary>
public sealed class ChineseConsoleBrowserTests(ChineseBrowserFixture fixture) : IClassFixture<ChineseBrowserFixture>
{
    [BrowserFact]
    public async Task ThePages_AreInChinese_ReadableAtPhoneAndLaptopWidths()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        try
        {
            foreach (var (path, heading) in new[] { ("/admin", "今日"), ("/admin/failures", "失败记录"), ("/admin/usage", "用量与费用"), ("/admin/keys", "模型密钥"), ("/admin/trends", "趋势"), ("/admin/keywords", "关键词回复") })
            {
                var response = await page.GotoAsync(path);
                response!.Status.ShouldBe(200);
                (await page.Locator("h1").TextContentAsync()).ShouldBe(heading);
                (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("zh-CN");
            }

            await page.GotoAsync("/admin");
            (await page.Locator(".cards").First.TextContentAsync())!.ShouldContain("收到的消息");
            foreach (var width in new[] { 390, 1366 })
            {
                await page.SetViewportSizeAsync(width, 900);
                // Nothing wider than the screen: the tables scroll inside their box, the cards wrap.
                (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
            }
        }
        catch
        {
            Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
            foreach (var width in new[] { 1366, 390 })
            {
                await page.SetViewportSizeAsync(width, 900);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"chinese-{width}.png"), FullPage = true });
            }

            throw;
        }
    }
}
