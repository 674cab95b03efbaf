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
        var client = factory.CreateClient();

        // The job server registers itself in its storage a moment after start.
        var body = await Eventually.ReadUntilAsync(() => client.GetStringAsync("/health/ready", Ct), b => b.Contains("\"jobs\":{\"status\":\"Healthy\"", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        var response = await client.GetAsync("/health/ready", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        var jobs = json.RootElement.GetProperty("checks").GetProperty("jobs");
        jobs.GetProperty("status").GetString().ShouldBe("Healthy");
        jobs.GetProperty("description").GetString().ShouldBe("1 job server(s); this one has 2 workers.");
    }

    [Fact]
    [Trait("Database", "Sqlite")]
    public async Task WhenTheDatabaseIsGone_ReadyIs503_ButLivenessStays200()
    {
        // Jobs off: the job storage is a file of its own, and this test is about the database.
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
