using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

/// <summary>Keyword auto-replies and templates through the admin API, and what followers then get.</summary>
public sealed class KeywordAndTemplateApiTests : IAsyncLifetime
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
    public async Task AnExactKeyword_BeatsTheModel_AndSoDoesAContainedOne()
    {
        var admin = _factory.AdminClient();
        (await admin.PostAsJsonAsync("/admin/api/keywords", new { keyword = "营业时间", match = "Exact", reply = "每天 9:00–18:00。" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync("/admin/api/keywords", new { keyword = "地址", match = "Contains", reply = "北京市朝阳区 1 号。" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var wechat = _factory.WeChat();

        var exact = await wechat.PostAsync(Messages.Text("o-kw", " 营业时间 "), cancellationToken: Ct);
        var contained = await wechat.PostAsync(Messages.Text("o-kw", "请问你们的地址在哪里？"), cancellationToken: Ct);
        var notExact = await wechat.PostAsync(Messages.Text("o-kw", "营业时间是几点"), cancellationToken: Ct);

        exact.Body.ShouldContain("每天 9:00–18:00。");
        contained.Body.ShouldContain("北京市朝阳区 1 号。");
        _factory.Model.RequestCount(" 营业时间 ").ShouldBe(0);
        _factory.Model.RequestCount("营业时间").ShouldBe(0);
        _factory.Model.RequestCount("请问你们的地址在哪里？").ShouldBe(0);
        notExact.Body.ShouldContain("答：营业时间是几点");
    }

    [Fact]
    public async Task AMenuClick_WithAKeywordsKey_GetsItsReply()
    {
        var admin = _factory.AdminClient();
        await admin.PostAsJsonAsync("/admin/api/keywords", new { keyword = "V1001_PRICES", match = "Exact", reply = "价格表：基础版 99 元。" }, Ct);

        var click = await _factory.WeChat().PostAsync(Messages.Event("o-kw-click", "CLICK", "V1001_PRICES"), cancellationToken: Ct);
        var unknown = await _factory.WeChat().PostAsync(Messages.Event("o-kw-click", "CLICK", "NOT_BOUND", createTime: Messages.Now() + 1), cancellationToken: Ct);

        click.Body.ShouldContain("价格表：基础版 99 元。");
        unknown.Body.ShouldNotContain("价格表");
        _factory.Model.RequestCount().ShouldBe(0);
    }

    [Fact]
    public async Task ChangingOrDeletingARule_TakesEffectAtOnce()
    {
        var admin = _factory.AdminClient();
        var created = await (await admin.PostAsJsonAsync("/admin/api/keywords", new { keyword = "优惠", match = "Exact", reply = "今天九折。" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetInt64();
        var wechat = _factory.WeChat();
        (await wechat.PostAsync(Messages.Text("o-kw-change", "优惠"), cancellationToken: Ct)).Body.ShouldContain("今天九折。");

        (await admin.PutAsJsonAsync($"/admin/api/keywords/{id}", new { keyword = "优惠", match = "Exact", reply = "今天八折。" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wechat.PostAsync(Messages.Text("o-kw-change", "优惠"), cancellationToken: Ct)).Body.ShouldContain("今天八折。");

        (await admin.PutAsJsonAsync($"/admin/api/keywords/{id}", new { keyword = "优惠", match = "Exact", reply = "今天八折。", enabled = false }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wechat.PostAsync(Messages.Text("o-kw-change", "优惠"), cancellationToken: Ct)).Body.ShouldContain("答：优惠");

        (await admin.DeleteAsync($"/admin/api/keywords/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.DeleteAsync($"/admin/api/keywords/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await admin.GetFromJsonAsync<JsonElement>("/admin/api/keywords", Ct);
        list.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task InvalidRules_AreRefusedWithTheField()
    {
        var admin = _factory.AdminClient();
        await admin.PostAsJsonAsync("/admin/api/keywords", new { keyword = "重复", match = "Exact", reply = "一。" }, Ct);

        var empty = await admin.PostAsJsonAsync("/admin/api/keywords", new { keyword = "", match = "Exact", reply = "x" }, Ct);
        var tooLong = await admin.PostAsJsonAsync("/admin/api/keywords", new { keyword = "长", match = "Exact", reply = new string('长', 700) }, Ct);
        var duplicate = await admin.PostAsJsonAsync("/admin/api/keywords", new { keyword = "重复", match = "Exact", reply = "二。" }, Ct);

        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync(Ct)).ShouldContain("Keyword");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadAsStringAsync(Ct)).ShouldContain("2047 bytes");
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await duplicate.Content.ReadAsStringAsync(Ct)).ShouldContain("Another rule");
    }

    [Fact]
    public async Task Templates_CanBeListedCreatedChangedAndDeleted_AndFollowersUseThem()
    {
        var admin = _factory.AdminClient();
        var seeded = await admin.GetFromJsonAsync<JsonElement>("/admin/api/templates", Ct);
        seeded.EnumerateArray().Select(t => t.GetProperty("id").GetString()).ShouldContain("english");

        var saved = await admin.PutAsJsonAsync("/admin/api/templates/poem", new
        {
            name = "写诗",
            trigger = "写诗",
            systemPrompt = "You write a short Chinese poem about {topic}.",
            language = "zh-CN",
            defaultTopic = "春天",
        }, Ct);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));

        await _factory.WeChat().PostAsync(Messages.Text("o-tpl", "写诗:大海"), cancellationToken: Ct);
        await _factory.WeChat().PostAsync(Messages.Text("o-tpl", "开始吧"), cancellationToken: Ct);
        _factory.Model.Requests.Last().Messages[0].Content.ShouldContain("a short Chinese poem about 大海");

        var clash = await admin.PutAsJsonAsync("/admin/api/templates/poem2", new { name = "x", trigger = "写诗", systemPrompt = "p", language = "zh-CN" }, Ct);
        clash.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badId = await admin.PutAsJsonAsync("/admin/api/templates/Bad%20Id", new { name = "x", trigger = "t", systemPrompt = "p", language = "zh-CN" }, Ct);
        badId.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await admin.DeleteAsync("/admin/api/templates/poem", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetFromJsonAsync<JsonElement>("/admin/api/templates", Ct)).EnumerateArray().Select(t => t.GetProperty("id").GetString()).ShouldNotContain("poem");
        (await admin.DeleteAsync("/admin/api/templates/poem", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class AdminSwaggerTests
{
    [Fact]
    public async Task TheAdminApi_IsInTheSameSwaggerDocument_UnderBasicAuthentication_AndThePagesAreNot()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();

        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/admin/api/keywords", "post"), ("/admin/api/keywords/{id}", "put"), ("/admin/api/templates/{id}", "put"),
            ("/admin/api/menu", "post"), ("/admin/api/figures/today", "get"), ("/admin/api/jobs/run", "post"),
        })
        {
            paths.TryGetProperty(path, out var item).ShouldBeTrue(path);
            item.GetProperty(method).GetProperty("security")[0].TryGetProperty("AdminBasic", out _).ShouldBeTrue(path);
        }

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("AdminBasic");
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("basic");
        paths.TryGetProperty("/admin/jobs", out _).ShouldBeFalse();
        paths.TryGetProperty("/admin", out _).ShouldBeFalse();
        paths.GetProperty("/api/followers/{openId}/messages").GetProperty("get").GetProperty("security")[0].TryGetProperty("ApiKey", out _).ShouldBeTrue();
    }
}
