using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Jobs;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

public sealed class JobFailuresPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFailedRun_IsListedWithItsError_OnThePageAndInTheApi()
    {
        await using var factory = new WeChatGptFactory().WithAdmin()
            .With("WeChat:VerifySourceIp", "true")
            .With("Jobs:RetryAttempts", "1")
            .With("Jobs:RetryDelay", "00:10:00");
        factory.WeChatApi.CallbackIps = () => (null, 45009);
        await factory.SchedulerAsync(Ct);
        var admin = factory.AdminClient();

        var run = await admin.PostAsJsonAsync("/admin/api/jobs/run", new { name = "callback-ip-refresh" }, Ct);
        run.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await factory.WaitForRunsAsync("callback-ip-refresh", 1, TimeSpan.FromSeconds(20), Ct))[0].Succeeded.ShouldBeFalse();

        var page = await admin.GetStringAsync("/admin/jobs", Ct);
        page.ShouldContain("<table id=\"failures\">");
        page.ShouldContain("errcode 45009");
        page.ShouldContain("<span class=\"bad\">Failed</span> <span class=\"muted\">(retry scheduled)</span>");

        var jobs = await admin.GetFromJsonAsync<JsonElement>("/admin/api/jobs", Ct);
        var failure = jobs.GetProperty("recentFailures")[0];
        failure.GetProperty("job").GetString().ShouldBe("callback-ip-refresh");
        failure.GetProperty("error").GetString()!.ShouldContain("errcode 45009");
        var job = jobs.GetProperty("recurring").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "callback-ip-refresh");
        job.GetProperty("lastRun").GetProperty("result").GetString().ShouldBe("Failed");
        job.GetProperty("lastRun").GetProperty("retryScheduled").GetBoolean().ShouldBeTrue();
        // A failure that will be retried is not yet a failure for good.
        job.GetProperty("failureCount").GetInt64().ShouldBe(0);
        job.GetProperty("runCount").GetInt64().ShouldBe(1);

        (await admin.PostAsJsonAsync("/admin/api/jobs/run", new { name = "no-such-job" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WithJobsOff_ThePageSaysSo_AndRunNowIs409()
    {
        await using var factory = new WeChatGptFactory().WithAdmin().With("Jobs:Enabled", "false");
        var admin = factory.AdminClient();

        (await admin.GetStringAsync("/admin/jobs", Ct)).ShouldContain("Jobs are turned off");
        (await admin.PostAsJsonAsync("/admin/api/jobs/run", new { name = "ledger-pruning" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
