using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Shouldly;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Application.Voice.CleanUpVoiceFiles;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Jobs;

public sealed class SchedulerPersistenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScheduledJobs_SurviveARestart_OnTheSameDatabaseFile()
    {
        var runAt = DateTimeOffset.UtcNow.AddHours(1);
        string database;
        await using (var first = new WeChatGptFactory { KeepDatabase = true })
        {
            _ = first.Server;
            await first.Services.GetRequiredService<IJobScheduler>().ScheduleAsync(new CleanUpVoiceFilesCommand(), runAt, Ct);
            database = first.DatabasePath;
        }

        await using var second = new WeChatGptFactory(database);
        var scheduler = await second.SchedulerAsync(Ct);

        var oneOff = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("one-off"), Ct);
        var job = oneOff.ShouldHaveSingleItem();
        job.Name.ShouldStartWith(nameof(CleanUpVoiceFilesCommand));
        var trigger = (await scheduler.GetTriggersOfJob(job, Ct)).ShouldHaveSingleItem();
        trigger.StartTimeUtc.ShouldBe(runAt, TimeSpan.FromSeconds(1));
        (await scheduler.GetTriggerState(trigger.Key, Ct)).ShouldBe(TriggerState.Normal);
        var recurring = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("recurring"), Ct);
        recurring.Select(k => k.Name).Order().ShouldBe(["ledger-pruning", "media-bookkeeping", "voice-files-cleanup"]);
    }

    [Fact]
    public async Task JobsDisabled_NoSchedulerRuns()
    {
        await using var factory = new WeChatGptFactory().With("Jobs:Enabled", "false");
        _ = factory.Server;

        factory.Services.GetRequiredService<IJobScheduler>().IsEnabled.ShouldBeFalse();
        factory.Services.GetService<ISchedulerFactory>().ShouldBeNull();
    }
}
