using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Api;

public sealed class ConsumerApiTests(ConsumerApiTests.Factory factory) : IClassFixture<ConsumerApiTests.Factory>
{
    public sealed class Factory : WeChatGptFactory
    {
        public Factory() => With("RateLimit:PermitsPerMinute", "3");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task WithoutAValidKey_EveryRouteIs401(string? key)
    {
        using var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        (await client.PostAsJsonAsync("/api/followers/o-api/messages", new { text = "hi" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/api/followers/o-api/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.DeleteAsync("/api/followers/o-api/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        factory.Model.RequestCount("hi").ShouldBe(0);
    }

    [Fact]
    public async Task SendMessage_WaitsForTheWholeAnswer_AndCountsItsParts()
    {
        using var client = factory.ApiClient();
        // 85 sentences of 57 bytes (4,845 bytes): three messages of at most 2,047 bytes each.
        var long1 = string.Concat(Enumerable.Repeat("这是一个很长的回答句子，用来测试分段。", 85));
        factory.Model.Script = r => r.LastUserMessage == "长一点"
            ? new ModelScript { Answer = long1, Latency = TimeSpan.FromSeconds(6), ChunkChars = 200 }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };

        var response = await client.PostAsJsonAsync("/api/followers/o-api-send/messages", new { text = "长一点" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("reply").GetString().ShouldBe(long1);
        body.GetProperty("parts").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task History_CanBeReadAndReset()
    {
        using var client = factory.ApiClient();
        var openId = $"o-{Guid.NewGuid():N}";
        await client.PostAsJsonAsync($"/api/followers/{openId}/messages", new { text = "第一问" }, Ct);
        await client.PostAsJsonAsync($"/api/followers/{openId}/messages", new { text = "第二问" }, Ct);

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/followers/{openId}/messages", Ct);
        history.GetProperty("total").GetInt32().ShouldBe(2);
        var turns = history.GetProperty("turns").EnumerateArray().ToList();
        turns[0].GetProperty("question").GetString().ShouldBe("第二问");
        turns[0].GetProperty("answer").GetString().ShouldBe("答：第二问");

        var reset = await client.DeleteAsync($"/api/followers/{openId}/messages", Ct);
        (await reset.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("deleted").GetInt32().ShouldBe(2);
        (await client.GetFromJsonAsync<JsonElement>($"/api/followers/{openId}/messages", Ct)).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task EmptyText_IsAValidationProblem()
    {
        using var client = factory.ApiClient();

        var response = await client.PostAsJsonAsync("/api/followers/o-api-empty/messages", new { text = "" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("text");
    }

    [Fact]
    public async Task OverTheRateLimit_Is429WithRetryAfter()
    {
        using var client = factory.ApiClient();
        var openId = $"o-{Guid.NewGuid():N}";
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsJsonAsync($"/api/followers/{openId}/messages", new { text = $"问{i}" }, Ct)).EnsureSuccessStatusCode();
        }

        var limited = await client.PostAsJsonAsync($"/api/followers/{openId}/messages", new { text = "再问" }, Ct);

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task ModelFailure_Is502ProblemWithoutDetails()
    {
        using var client = factory.ApiClient();
        factory.Model.Script = r => r.LastUserMessage == "坏掉" ? new ModelScript { Status = 500 } : new ModelScript { Answer = "答：" + r.LastUserMessage };

        var response = await client.PostAsJsonAsync("/api/followers/o-api-broken/messages", new { text = "坏掉" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        var text = await response.Content.ReadAsStringAsync(Ct);
        text.ShouldNotContain("sk-");
        text.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Swagger_DocumentsTheApiAndItsKeyScheme()
    {
        using var client = factory.CreateClient();

        var ui = await client.GetAsync("/swagger/index.html", Ct);
        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json", Ct);

        ui.StatusCode.ShouldBe(HttpStatusCode.OK);
        document.GetProperty("paths").TryGetProperty("/api/followers/{openId}/messages", out var path).ShouldBeTrue();
        path.TryGetProperty("post", out _).ShouldBeTrue();
        path.TryGetProperty("get", out _).ShouldBeTrue();
        path.TryGetProperty("delete", out _).ShouldBeTrue();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("type").GetString().ShouldBe("apiKey");
        scheme.GetProperty("name").GetString().ShouldBe("X-Api-Key");
        path.GetProperty("post").GetProperty("security")[0].TryGetProperty("ApiKey", out _).ShouldBeTrue();
        document.GetProperty("paths").TryGetProperty("/wechat", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task SwaggerCanBeTurnedOff()
    {
        await using var closed = new WeChatGptFactory().With("Api:Swagger", "false");
        using var client = closed.CreateClient();

        (await client.GetAsync("/swagger/v1/swagger.json", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/swagger/index.html", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WithNoKeysConfigured_TheApiIsClosed()
    {
        await using var closed = new WeChatGptFactory().With("Api:Keys:0", null);
        using var client = closed.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", string.Empty);

        (await client.GetAsync("/api/followers/o/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
