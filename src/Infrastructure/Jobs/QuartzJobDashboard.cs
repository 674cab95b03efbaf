using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Quartz.Extensibility;
using WeChatGpt.Application.Jobs;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>
/// The jobs page's data from Quartz: the recurring jobs and their triggers from the scheduler; last runs,
/// counts and failures from the persistent execution history (shared by every instance using the database).
/// </summary>
internal sealed class QuartzJobDashboard(ISchedulerFactory factory, IServiceProvider services) : IJobDashboard
{
    public async Task<JobsOverview> GetOverviewAsync(int recentRuns, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var history = services.GetService<IExecutionHistoryStore>();
        var statuses = history is null
            ? []
            : (await history.QueryJobRunStatuses(new JobRunStatusQuery { SchedulerName = scheduler.SchedulerName, Take = 200 }, cancellationToken)).Items;

        var recurring = new List<RecurringJobView>();
        foreach (var key in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(QuartzJobScheduler.RecurringGroup), cancellationToken)).OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            var detail = await scheduler.GetJobDetail(key, cancellationToken);
            var trigger = (await scheduler.GetTriggersOfJob(key, cancellationToken)).OrderBy(t => t.Key.Name, StringComparer.Ordinal).FirstOrDefault();
            var state = trigger is null ? TriggerState.None : await scheduler.GetTriggerState(trigger.Key, cancellationToken);
            var status = statuses.FirstOrDefault(s => s.Job.Equals(key));
            var last = history is null
                ? null
                : (await history.QueryExecutions(new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, Job = key, Take = 1 }, cancellationToken)).Items is [var newest, ..] ? newest : null;
            recurring.Add(new RecurringJobView(
                Name: key.Name,
                Command: detail?.Description ?? key.Name,
                Schedule: (trigger as ICronTrigger)?.CronExpressionString,
                State: state.ToString(),
                NextRunAt: trigger?.NextFireTimeUtc,
                LastRun: last is null ? null : View(last),
                RunCount: status?.RunCount ?? 0,
                FailureCount: status?.FailureCount ?? 0,
                ConsecutiveFailures: status?.ConsecutiveFailures ?? 0));
        }

        if (history is null)
        {
            return new JobsOverview(true, recurring, [], []);
        }

        var runs = await history.QueryExecutions(new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, Take = recentRuns }, cancellationToken);
        var failures = await history.QueryExecutions(
            new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, Take = recentRuns, Results = [JobRunResult.Failed] },
            cancellationToken);
        return new JobsOverview(true, recurring, runs.Items.Select(View).ToList(), failures.Items.Select(View).ToList());
    }

    private static JobRunView View(ExecutionHistoryEntry e) =>
        new(e.JobName, e.FiredAtUtc, e.Duration, e.EffectiveResult.ToString(), e.Succeeded ? null : e.ExceptionMessage, e.RetryAttempt, e.RetryScheduled, e.Manual);
}

/// <summary><c>Jobs:Enabled=false</c>: an empty page that says so.</summary>
internal sealed class DisabledJobDashboard : IJobDashboard
{
    public Task<JobsOverview> GetOverviewAsync(int recentRuns, CancellationToken cancellationToken) =>
        Task.FromResult(new JobsOverview(false, [], [], []));
}
