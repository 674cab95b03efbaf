using MediatR;

namespace WeChatGpt.Application.Jobs;

/// <summary>
/// Background jobs, persisted so that they survive a restart. A job is one MediatR command, sent when it
/// runs; a failed run is retried with backoff (<c>Jobs:RetryAttempts</c>, <c>Jobs:RetryDelay</c>). Hangfire
/// implements it; nothing here names Hangfire.
/// </summary>
public interface IJobScheduler
{
    /// <summary>False when <c>Jobs:Enabled=false</c>: nothing runs.</summary>
    bool IsEnabled { get; }

    /// <summary>How often a failed run is retried (<c>Jobs:RetryAttempts</c>): a job's last attempt is number RetryAttempts + 1.</summary>
    int RetryAttempts { get; }

    /// <summary>
    /// Runs the command as soon as possible, once. Runs with the same <paramref name="key"/> never overlap
    /// (e.g. one message's customer-service push).
    /// </summary>
    Task EnqueueAsync(IRequest command, string key, CancellationToken cancellationToken);

    /// <summary>Runs the command once at <paramref name="runAt"/>.</summary>
    Task ScheduleAsync(IRequest command, DateTimeOffset runAt, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the command on a standard 5-field cron schedule (minute hour day month weekday) in <c>Jobs:TimeZone</c>,
    /// under a stable id. Re-adding replaces it.
    /// </summary>
    Task AddRecurringAsync(string id, string cron, IRequest command, CancellationToken cancellationToken);

    Task RemoveRecurringAsync(string id, CancellationToken cancellationToken);

    /// <summary>Runs a recurring job now, in addition to its schedule; false when there is no such job.</summary>
    Task<bool> TriggerAsync(string id, CancellationToken cancellationToken);

    /// <summary>The recurring jobs as the scheduler has them (schedule, zone, last and next run).</summary>
    Task<IReadOnlyList<RecurringJobView>> ListRecurringAsync(CancellationToken cancellationToken);
}

/// <param name="Id">The stable id (<c>voice-files-cleanup</c>, …), used to run it now.</param>
/// <param name="Name">What it does, as the jobs dashboard shows it.</param>
/// <param name="Cron">The 5-field cron schedule.</param>
/// <param name="TimeZone">The zone the schedule runs in.</param>
/// <param name="LastState">The state of its latest run: Succeeded, Failed, Scheduled (a retry is due), Processing…</param>
/// <param name="Error">Why the schedule itself is broken, if it is.</param>
public sealed record RecurringJobView(string Id, string Name, string Cron, string TimeZone, DateTimeOffset? NextRunAt, DateTimeOffset? LastRunAt, string? LastState, string? Error);
