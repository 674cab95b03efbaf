using System.Net;
using System.Text.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Operations;

public sealed class HealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_WithTheDatabaseAndTheScheduler_Is200()
    {
        await using var factory = new WeChatGptFactory();

        var response = await factory.CreateClient().GetAsync("/health/ready", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        json.RootElement.GetProperty("checks").GetProperty("jobs").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task WhenTheDatabaseIsGone_ReadyIs503_ButLivenessStays200()
    {
        // Jobs off: a job firing against the vanished database would keep Quartz retrying its bookkeeping
        // at shutdown (it retries store writes until they succeed), which is not what this test is about.
        await using var factory = new WeChatGptFactory().With("Jobs:Enabled", "false");
        var client = factory.CreateClient();
        (await client.GetAsync("/health/ready", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var file in new[] { factory.DatabasePath, factory.DatabasePath + "-wal", factory.DatabasePath + "-shm" })
        {
            File.Delete(file);
        }

        var ready = await client.GetAsync("/health/ready", Ct);
        var live = await client.GetAsync("/health", Ct);

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var body = await ready.Content.ReadAsStringAsync(Ct);
        body.ShouldContain("The database file is missing.");
        body.ShouldNotContain(factory.DatabasePath);
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithJobsTurnedOff_ReadyStays200_AndSaysSo()
    {
        await using var factory = new WeChatGptFactory().With("Jobs:Enabled", "false");

        var response = await factory.CreateClient().GetAsync("/health/ready", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Jobs are turned off");
    }
}
