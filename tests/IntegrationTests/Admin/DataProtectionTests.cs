using System.Net;
using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

/// <summary>The keys behind antiforgery tokens are kept with the data: a page opened before a restart still posts after it.</summary>
public sealed partial class DataProtectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFormRenderedBeforeARestart_IsAcceptedAfterIt()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"dp-{Guid.NewGuid():N}")).FullName;
        var database = Path.Combine(folder, "wechatgpt.db");
        string token;
        string cookie;
        await using (var before = new WeChatGptFactory(database) { KeepDatabase = true }.WithAdmin())
        {
            await before.WeChat().PostAsync(Messages.Text("o-dp-follower", "你好"), cancellationToken: Ct);
            using var page = await before.AdminClient().GetAsync("/admin/followers/o-dp-follower", Ct);
            token = WebUtility.HtmlDecode(TokenField().Match(await page.Content.ReadAsStringAsync(Ct)).Groups[1].Value);
            cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("wechatgpt-admin-af=", StringComparison.Ordinal)).Split(';')[0];
        }

        Directory.GetFiles(Path.Combine(folder, "keys"), "key-*.xml").ShouldNotBeEmpty();
        await using var after = new WeChatGptFactory(database).WithAdmin();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/followers/o-dp-follower/reset") { Content = new FormUrlEncodedContent([new("__af", token)]) };
        post.Headers.Add("Cookie", cookie);

        using var response = await after.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(WithBasic(post), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/admin/followers/o-dp-follower?reset=1");
    }

    private static HttpRequestMessage WithBasic(HttpRequestMessage request)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{WeChatGptFactory.AdminUser}:{WeChatGptFactory.AdminPassword}")));
        return request;
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
