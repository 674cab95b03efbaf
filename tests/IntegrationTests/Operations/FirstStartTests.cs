using System.Net;
using System.Text.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Operations;

/// <summary>What a new owner meets first: the start-up banner, a 401 that says why, the version.</summary>
public sealed class FirstStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheBanner_NamesEveryClosedSurface_AndTheSettingThatOpensIt()
    {
        await using var factory = new WeChatGptFactory().With("Api:Keys:0", null).With("Api:Swagger", "false").With("Jobs:Enabled", "false");

        var banner = await BannerAsync(factory);

        banner.ShouldContain("Dashboard:  closed (404) — set Admin__Username and Admin__Password (12+ characters) to open /admin");
        banner.ShouldContain("API:        closed (401) — set Api__Keys to open /api");
        banner.ShouldContain("Swagger:    off (Api:Swagger=false)");
        banner.ShouldContain("Jobs:       off (Jobs:Enabled=false)");
        banner.ShouldContain("Voice:      replies in text — set Speech__Provider");
        banner.ShouldContain("give WeChat https://<your domain>/wechat");
        banner.ShouldNotContain(WeChatGptFactory.Token);
        banner.ShouldNotContain(WeChatGptFactory.ModelKey);
    }

    [Fact]
    public async Task WithEverythingOpen_TheBannerSaysWhereEachIs()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();

        var banner = await BannerAsync(factory);

        banner.ShouldContain("/admin (jobs: ");
        banner.ShouldContain("/swagger");
        banner.ShouldNotContain("closed");
        banner.ShouldNotContain(WeChatGptFactory.AdminPassword);
        banner.ShouldNotContain(WeChatGptFactory.ApiKey);
    }

    [Fact]
    public async Task WithNoApiKeyConfigured_The401SaysSo()
    {
        await using var factory = new WeChatGptFactory().With("Api:Keys:0", null);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "anything");

        var (status, detail) = await PostAsync(client);

        status.ShouldBe(HttpStatusCode.Unauthorized);
        detail.ShouldBe("No API keys are configured: set Api:Keys (environment variable Api__Keys) and send one in the X-Api-Key header.");
    }

    [Fact]
    public async Task WithKeysConfigured_The401SaysWhetherTheKeyIsMissingOrWrong_AndNothingMore()
    {
        await using var factory = new WeChatGptFactory();
        using var none = factory.CreateClient();
        using var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");

        var missing = await PostAsync(none);
        var invalid = await PostAsync(wrong);

        missing.Status.ShouldBe(HttpStatusCode.Unauthorized);
        missing.Detail.ShouldBe("Send your API key in the X-Api-Key header.");
        invalid.Status.ShouldBe(HttpStatusCode.Unauthorized);
        invalid.Detail.ShouldBe("The API key is not valid.");
        invalid.Detail!.ShouldNotContain(WeChatGptFactory.ApiKey);
    }

    [Fact]
    public async Task HealthAndSwagger_ShowTheVersion()
    {
        await using var factory = new WeChatGptFactory();
        using var client = factory.CreateClient();

        using var health = JsonDocument.Parse(await client.GetStringAsync("/health", Ct));
        using var swagger = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json", Ct));
        using var ready = JsonDocument.Parse(await client.GetStringAsync("/health/ready", Ct));

        var version = health.RootElement.GetProperty("version").GetString();
        health.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        version.ShouldNotBeNullOrEmpty();
        version.ShouldStartWith("0.3.0");
        swagger.RootElement.GetProperty("info").GetProperty("version").GetString().ShouldBe(version);
        ready.RootElement.GetProperty("version").GetString().ShouldBe(version);
    }

    /// <summary>The banner the started host logged.</summary>
    private static async Task<string> BannerAsync(WeChatGptFactory factory)
    {
        _ = factory.CreateClient();
        var banner = await Eventually.ReadUntilAsync(
            () => Task.FromResult(factory.Logs.Entries.FirstOrDefault(e => e.Message.StartsWith("WeChatGpt ", StringComparison.Ordinal))?.Message),
            m => m is not null,
            TimeSpan.FromSeconds(10));
        return banner.ShouldNotBeNull();
    }

    private static async Task<(HttpStatusCode Status, string? Detail)> PostAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/followers/o-first/messages", new StringContent("{\"text\":\"hi\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        using var problem = JsonDocument.Parse(body);
        return (response.StatusCode, problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null);
    }
}
