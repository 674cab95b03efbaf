using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shouldly;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Application.Voice.CleanUpVoiceFiles;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Jobs;

public sealed class SchedulerPersistenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecurringJobs_AreRegisteredWithTheirStandardCron_InTheOwnersTimeZone()
    {
        var factory = new WeChatGptFactory();
        foreach (var key in new[] { "Jobs:VoiceFilesCleanup", "Jobs:MediaBookkeeping", "Jobs:CallbackIpRefresh", "Jobs:LedgerPruning" })
        {
            factory.Settings.Remove(key);
        }

        await using (factory)
        {
            _ = factory.Server;
            var jobs = (await factory.Services.GetRequiredService<IJobScheduler>().ListRecurringAsync(Ct)).ToDictionary(j => j.Id);

            jobs.Keys.Order().ShouldBe(["ledger-pruning", "media-bookkeeping", "voice-files-cleanup"]);
            jobs["voice-files-cleanup"].Cron.ShouldBe("*/5 * * * *");
            jobs["media-bookkeeping"].Cron.ShouldBe("*/10 * * * *");
            jobs["ledger-pruning"].Cron.ShouldBe("30 3 * * *");
            jobs["voice-files-cleanup"].Name.ShouldBe("Voice files cleanup");
            jobs["ledger-pruning"].Name.ShouldBe("Old records pruning");
            jobs.Values.ShouldAllBe(j => j.TimeZone == "Asia/Shanghai");

            // 03:30 in Beijing is 19:30 UTC (the server's zone is not the schedule's).
            var next = jobs["ledger-pruning"].NextRunAt.ShouldNotBeNull();
            next.UtcDateTime.TimeOfDay.ShouldBe(new TimeSpan(19, 30, 0));
            (next - DateTimeOffset.UtcNow).ShouldBeLessThanOrEqualTo(TimeSpan.FromDays(1));
        }
    }

    [Fact]
    public async Task JobsTimeZone_OverridesTheOwnersZone()
    {
        await using var factory = new WeChatGptFactory().With("Jobs:TimeZone", "Europe/Berlin").With("Jobs:LedgerPruning", "30 3 * * *");
        _ = factory.Server;

        var pruning = (await factory.Services.GetRequiredService<IJobScheduler>().ListRecurringAsync(Ct)).Single(j => j.Id == "ledger-pruning");

        pruning.TimeZone.ShouldBe("Europe/Berlin");
        var berlin = TimeZoneInfo.ConvertTime(pruning.NextRunAt!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        berlin.TimeOfDay.ShouldBe(new TimeSpan(3, 30, 0));
    }

    [Fact]
    public async Task AJobScheduledBeforeARestart_RunsAfterIt()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"voice-{Guid.NewGuid():N}")).FullName;
        var stale = Path.Combine(folder, "voice-stale.mp3");
        await File.WriteAllBytesAsync(stale, [1, 2, 3], Ct);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));
        string database;
        string jobId;
        await using (var first = new WeChatGptFactory { KeepDatabase = true }.With("Speech:TempDirectory", folder))
        {
            _ = first.Server;
            await first.Services.GetRequiredService<IJobScheduler>().ScheduleAsync(new CleanUpVoiceFilesCommand(), DateTimeOffset.UtcNow.AddSeconds(3), Ct);
            jobId = first.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 10).Single().Key;
            database = first.DatabasePath;
        }

        File.Exists(stale).ShouldBeTrue("the job ran before the stop");
        await using var second = new WeChatGptFactory(database).With("Speech:TempDirectory", folder);

        var history = await second.WaitForFinalStateAsync(jobId, TimeSpan.FromSeconds(30));

        history[^1].StateName.ShouldBe("Succeeded");
        File.Exists(stale).ShouldBeFalse();
    }

    [Fact]
    public async Task JobsDisabled_NoStorageIsOpened_AndNoServerRuns()
    {
        await using var factory = new WeChatGptFactory().With("Jobs:Enabled", "false");
        _ = factory.Server;

        factory.Services.GetRequiredService<IJobScheduler>().IsEnabled.ShouldBeFalse();
        factory.Services.GetService<JobStorage>().ShouldBeNull();
        factory.Services.GetServices<IHostedService>().ShouldNotContain(s => s.GetType().Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
        File.Exists(factory.JobsDatabasePath).ShouldBeFalse();
    }
}
