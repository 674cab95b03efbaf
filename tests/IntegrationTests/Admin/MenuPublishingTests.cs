using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

/// <summary>Custom-menu publishing through the fake WeChat's /cgi-bin/menu/create.</summary>
public sealed class MenuPublishingTests : IAsyncLifetime
{
    private readonly WeChatGptFactory _factory = new WeChatGptFactory().WithAdmin();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = _factory.Server;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task AValidMenu_ReachesWeChatInItsOwnShape_WithChineseUnescaped()
    {
        var response = await _factory.AdminClient().PostAsync("/admin/api/menu", Json("""
            {"button": [
              {"type": "click", "name": "今日价格", "key": "V1001_PRICES"},
              {"name": "更多", "sub_button": [
                {"type": "view", "name": "官网", "url": "https://example.com/"},
                {"type": "miniprogram", "name": "小程序", "url": "https://example.com/fallback", "appid": "wx286b93c14bbf93aa", "pagepath": "pages/index"},
                {"type": "scancode_push", "name": "扫一扫", "key": "SCAN_1"}
              ]}
            ]}
            """), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync(Ct));
        _factory.WeChatApi.Menus.Count.ShouldBe(1);
        var sent = _factory.WeChatApi.Menus.Single();
        sent.ShouldContain("今日价格");
        sent.ShouldNotContain("\\u");
        using var json = JsonDocument.Parse(sent);
        var buttons = json.RootElement.GetProperty("button");
        buttons[0].GetProperty("key").GetString().ShouldBe("V1001_PRICES");
        buttons[1].TryGetProperty("type", out _).ShouldBeFalse();
        var subs = buttons[1].GetProperty("sub_button");
        subs.GetArrayLength().ShouldBe(3);
        subs[1].GetProperty("appid").GetString().ShouldBe("wx286b93c14bbf93aa");
        subs[1].GetProperty("pagepath").GetString().ShouldBe("pages/index");
        subs[0].TryGetProperty("key", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"button": []}""", "1 to 3 top-level")]
    [InlineData("""{"button": [{"type":"click","name":"a","key":"a"},{"type":"click","name":"b","key":"b"},{"type":"click","name":"c","key":"c"},{"type":"click","name":"d","key":"d"}]}""", "1 to 3 top-level")]
    [InlineData("""{"button": [{"name":"多","sub_button":[{"type":"click","name":"1","key":"1"},{"type":"click","name":"2","key":"2"},{"type":"click","name":"3","key":"3"},{"type":"click","name":"4","key":"4"},{"type":"click","name":"5","key":"5"},{"type":"click","name":"6","key":"6"}]}]}""", "at most 5 sub-buttons")]
    [InlineData("""{"button": [{"type":"click","name":"这个名字太长了啊","key":"K"}]}""", "at most 16 bytes")]
    [InlineData("""{"button": [{"type":"click","name":"无键"}]}""", "needs a key")]
    [InlineData("""{"button": [{"type":"view","name":"网页","url":"javascript:alert(1)"}]}""", "http(s) URL")]
    [InlineData("""{"button": [{"type":"teleport","name":"传送","key":"x"}]}""", "Unknown button type")]
    [InlineData("""{"button": [{"type":"click","name":"有子","key":"k","sub_button":[{"type":"click","name":"子","key":"s"}]}]}""", "no type of its own")]
    [InlineData("""{"button": [{"name":"子","sub_button":[{"name":"孙","sub_button":[{"type":"click","name":"x","key":"x"}]}]}]}""", "cannot have sub-buttons")]
    public async Task AnInvalidMenu_Is400WithTheReason_AndNeverReachesWeChat(string menu, string reason)
    {
        var response = await _factory.AdminClient().PostAsync("/admin/api/menu", Json(menu), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(reason);
        _factory.WeChatApi.Menus.ShouldBeEmpty();
    }

    [Fact]
    public async Task WeChatsRefusal_Is422_WithItsErrcode()
    {
        _factory.WeChatApi.MenuResult = () => 48001;

        var response = await _factory.AdminClient().PostAsync("/admin/api/menu", Json("""{"button":[{"type":"click","name":"价格","key":"P"}]}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("errcode").GetInt32().ShouldBe(48001);
        problem.GetProperty("errmsg").GetString().ShouldBe("api unauthorized");
    }

    [Fact]
    public async Task AnExpiredToken_IsRefreshedAndThePublishRetriedOnce()
    {
        _ = await _factory.AdminClient().PostAsync("/admin/api/menu", Json("""{"button":[{"type":"click","name":"一","key":"1"}]}"""), Ct);
        _factory.WeChatApi.ExpireToken();

        var response = await _factory.AdminClient().PostAsync("/admin/api/menu", Json("""{"button":[{"type":"click","name":"二","key":"2"}]}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _factory.WeChatApi.Menus.Count.ShouldBe(2);
    }

    [Fact]
    public async Task TheMenuCanBeRemoved()
    {
        (await _factory.AdminClient().DeleteAsync("/admin/api/menu", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _factory.WeChatApi.MenuDeletes.ShouldBe(1);
    }

    [Fact]
    public async Task WithoutWeChatCredentials_Is409_NamingTheKeys()
    {
        await using var factory = new WeChatGptFactory().WithAdmin().With("WeChat:AppId", "").With("WeChat:AppSecret", "").With("WeChat:EncodingAesKey", "").With("WeChat:PreviousEncodingAesKey", "").With("WeChat:EncryptionMode", null);

        var response = await factory.AdminClient().PostAsync("/admin/api/menu", Json("""{"button":[{"type":"click","name":"价格","key":"P"}]}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("WeChat:AppId");
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
