using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Quartz.Extensibility;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Jobs;

internal static class JobTestHelpers
{
    public static async Task<IScheduler> SchedulerAsync(this WeChatGptFactory factory, CancellationToken cancellationToken)
    {
        _ = factory.Server;
        return await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
    }

    /// <summary>The job's recorded executions, newest first (Quartz's persistent execution history).</summary>
    public static async Task<IReadOnlyList<ExecutionHistoryEntry>> HistoryAsync(this WeChatGptFactory factory, string jobName, CancellationToken cancellationToken)
    {
        var scheduler = await factory.SchedulerAsync(cancellationToken);
        var store = factory.Services.GetRequiredService<IExecutionHistoryStore>();
        var page = await store.QueryExecutions(
            new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, Job = new JobKey(jobName, "recurring") },
            cancellationToken);
        return page.Items;
    }

    /// <summary>Waits (real time) until the job has <paramref name="runs"/> recorded executions.</summary>
    public static async Task<IReadOnlyList<ExecutionHistoryEntry>> WaitForRunsAsync(this WeChatGptFactory factory, string jobName, int runs, TimeSpan limit, CancellationToken cancellationToken)
    {
        var history = await Eventually.ReadUntilAsync(() => factory.HistoryAsync(jobName, cancellationToken), h => h.Count >= runs, limit);
        history.Count.ShouldBeGreaterThanOrEqualTo(runs, $"{jobName} runs recorded");
        return history;
    }
}
