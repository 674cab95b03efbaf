using MediatR;

namespace WeChatGpt.Application.Jobs;

/// <summary>
/// Background jobs, persisted so that they survive a restart. A job is a MediatR command sent when it
/// runs. Quartz.NET implements it; another scheduler could.
/// </summary>
public interface IJobScheduler
{
    /// <summary>False when <c>Jobs:Enabled=false</c>: nothing runs.</summary>
    bool IsEnabled { get; }

    /// <summary>Runs the command as soon as possible, once.</summary>
    Task EnqueueAsync(IRequest command, CancellationToken cancellationToken);

    /// <summary>Runs the command once at <paramref name="runAt"/>.</summary>
    Task ScheduleAsync(IRequest command, DateTimeOffset runAt, CancellationToken cancellationToken);

    /// <summary>Runs the command on a Quartz cron schedule (with seconds), under a stable name. Re-adding replaces it.</summary>
    Task AddRecurringAsync(string name, string cron, IRequest command, CancellationToken cancellationToken);

    /// <summary>Runs a recurring job now, in addition to its schedule.</summary>
    Task TriggerAsync(string name, CancellationToken cancellationToken);
}
