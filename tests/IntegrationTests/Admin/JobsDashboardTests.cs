using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.Application.Messaging.PruneRecords;
using WeChatGpt.Application.Protection.RefreshCallbackIps;
using WeChatGpt.Application.Voice.CleanUpVoiceFiles;
using WeChatGpt.Application.Voice.MediaBookkeeping;
using WeChatGpt.IntegrationTests.Jobs;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

/// <summary>The Hangfire Dashboard at /admin/jobs over HTTP, as a browser uses it: its pages, and its POST actions with their antiforgery token.</summary>
public sealed partial class JobsDashboardTests : IAsyncLifetime
{
    private readonly WeChatGptFactory _factory = new WeChatGptFactory().WithAdmin()
        .With("WeChat:VerifySourceIp", "true")
        .With("Jobs:RetryAttempts", "0");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = _factory.Server;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task TheRecurringJobsPage_ListsEveryJob_ByItsReadableName_WithABackLinkToTheAdmin()
    {
        var page = await _factory.AdminClient().GetStringAsync("/admin/jobs/recurring", Ct);

        foreach (var (id, name) in new[] { ("voice-files-cleanup", "Voice files cleanup"), ("media-bookkeeping", "Media bookkeeping"), ("ledger-pruning", "Old records pruning"), ("callback-ip-refresh", "Callback IP refresh") })
        {
            page.ShouldContain($"value=\"{id}\"");
            page.ShouldContain(name);
        }

        page.ShouldContain("<title>");
        page.ShouldContain("WeChatGpt · 后台任务");
        page.ShouldContain("href=\"/admin\"");
        page.ShouldNotContain("Data Source");
    }

    [Theory]
    [InlineData("voice-files-cleanup", typeof(CleanUpVoiceFilesCommand))]
    [InlineData("media-bookkeeping", typeof(MediaBookkeepingCommand))]
    [InlineData("ledger-pruning", typeof(PruneRecordsCommand))]
    [InlineData("callback-ip-refresh", typeof(RefreshCallbackIpsCommand))]
    public async Task EachJob_TriggeredThroughTheDashboard_SendsItsCommand(string id, Type command)
    {
        var client = _factory.AdminClient();
        var before = _factory.LastJobId(id);

        using var response = await TriggerAsync(client, await TokenAsync(client), id);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var job = await _factory.NextJobIdAsync(id, before);
        (await _factory.WaitForFinalStateAsync(job, TimeSpan.FromSeconds(20)))[^1].StateName.ShouldBe("Succeeded");
        var details = _factory.JobStorage().GetMonitoringApi().JobDetails(job);
        details.Job.Args[1].ShouldBeOfType(command);
        (await client.GetStringAsync($"/admin/jobs/jobs/details/{job}", Ct)).ShouldContain(Infrastructure.Jobs.MediatorJobRunner.NameOf(command));
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryToken_AsACrossSiteFormWouldSendIt_IsRefused_AndNothingRuns()
    {
        var client = _factory.AdminClient();
        var token = await TokenAsync(client);
        var before = _factory.LastJobId("ledger-pruning");

        // The browser re-sends Basic credentials and the cookies by itself, but another site cannot read the token.
        using var withoutToken = await TriggerAsync(client, token: null, "ledger-pruning");
        // A token lifted from somewhere else, without the cookie it belongs to.
        using var withoutCookie = await TriggerAsync(_factory.AdminClient(), token, "ledger-pruning");

        withoutToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        withoutCookie.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        _factory.LastJobId("ledger-pruning").ShouldBe(before);
    }

    [Fact]
    public async Task AFailedJob_IsListedWithItsError_AndCanBeRequeuedFromTheDashboard()
    {
        _factory.WeChatApi.CallbackIps = () => (null, 45009);
        var client = _factory.AdminClient();
        var before = _factory.LastJobId("callback-ip-refresh");
        (await TriggerAsync(client, await TokenAsync(client), "callback-ip-refresh")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var job = await _factory.NextJobIdAsync("callback-ip-refresh", before);
        (await _factory.WaitForFinalStateAsync(job, TimeSpan.FromSeconds(20)))[^1].StateName.ShouldBe("Failed");

        var failedPage = await client.GetStringAsync("/admin/jobs/jobs/failed", Ct);
        failedPage.ShouldContain("Callback IP refresh");
        failedPage.ShouldContain("errcode 45009");
        failedPage.ShouldNotContain(" at WeChatGpt.");
        var api = await client.GetFromJsonAsync<JsonElement>("/admin/api/jobs", Ct);
        api.EnumerateArray().Single(j => j.GetProperty("id").GetString() == "callback-ip-refresh").GetProperty("lastState").GetString().ShouldBe("Failed");

        _factory.WeChatApi.CallbackIps = () => (["127.0.0.1"], 0);
        using var requeue = new HttpRequestMessage(HttpMethod.Post, $"/admin/jobs/jobs/failed/requeue")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", job)]),
        };
        requeue.Headers.Add("RequestVerificationToken", await TokenAsync(client));
        (await client.SendAsync(requeue, Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _factory.WaitForFinalStateAsync(job, TimeSpan.FromSeconds(20)))[^1].StateName.ShouldBe("Succeeded");
    }

    [Fact]
    public async Task TheAdminApi_ListsTheRecurringJobs_AndRunsOne()
    {
        var client = _factory.AdminClient();
        var before = _factory.LastJobId("ledger-pruning");

        var jobs = await client.GetFromJsonAsync<JsonElement>("/admin/api/jobs", Ct);
        var pruning = jobs.EnumerateArray().Single(j => j.GetProperty("id").GetString() == "ledger-pruning");
        pruning.GetProperty("name").GetString().ShouldBe("Old records pruning");
        pruning.GetProperty("timeZone").GetString().ShouldBe("Asia/Shanghai");
        (await client.PostAsJsonAsync("/admin/api/jobs/run", new { name = "ledger-pruning" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await client.PostAsJsonAsync("/admin/api/jobs/run", new { name = "no-such-job" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var job = await _factory.NextJobIdAsync("ledger-pruning", before);
        (await _factory.WaitForFinalStateAsync(job, TimeSpan.FromSeconds(20)))[^1].StateName.ShouldBe("Succeeded");
    }

    [Fact]
    public async Task WithJobsOff_ThePageSaysSo_AndRunningOneIs409()
    {
        await using var factory = new WeChatGptFactory().WithAdmin().With("Jobs:Enabled", "false");
        var admin = factory.AdminClient();

        (await admin.GetStringAsync("/admin/jobs", Ct)).ShouldContain("Jobs are turned off");
        (await admin.PostAsJsonAsync("/admin/api/jobs/run", new { name = "ledger-pruning" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.GetFromJsonAsync<JsonElement>("/admin/api/jobs", Ct)).GetArrayLength().ShouldBe(0);
    }

    /// <summary>The dashboard's antiforgery token, from its page's meta tag (the client keeps the cookie that goes with it).</summary>
    private static async Task<string> TokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/admin/jobs/recurring", Ct);
        var match = CsrfToken().Match(html);
        match.Success.ShouldBeTrue("the dashboard renders an antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>What the dashboard's "Trigger now" button posts.</summary>
    private static Task<HttpResponseMessage> TriggerAsync(HttpClient client, string? token, string id)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", id)]),
        };
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }

        return client.SendAsync(request, Ct);
    }

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfToken();
}
