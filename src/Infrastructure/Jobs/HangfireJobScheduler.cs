using System.Reflection;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using MediatR;
using WeChatGpt.Application.Jobs;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>The scheduling port on Hangfire: every job is a <see cref="MediatorJobRunner"/> call carrying its command.</summary>
internal sealed class HangfireJobScheduler(JobStorage storage, IBackgroundJobClient client, IRecurringJobManager recurring, TimeZoneInfo zone, int retryAttempts) : IJobScheduler
{
    private static readonly MethodInfo Run = typeof(MediatorJobRunner).GetMethod(nameof(MediatorJobRunner.RunAsync))!;
    private static readonly MethodInfo RunKeyed = typeof(MediatorJobRunner).GetMethod(nameof(MediatorJobRunner.RunKeyedAsync))!;

    public bool IsEnabled => true;

    public int RetryAttempts => retryAttempts;

    public Task EnqueueAsync(IRequest command, string key, CancellationToken cancellationToken)
    {
        var type = Runnable(command);
        client.Create(new Job(typeof(MediatorJobRunner), RunKeyed.MakeGenericMethod(type), MediatorJobRunner.NameOf(type), key, command, CancellationToken.None), new EnqueuedState());
        return Task.CompletedTask;
    }

    public Task ScheduleAsync(IRequest command, DateTimeOffset runAt, CancellationToken cancellationToken)
    {
        client.Create(JobFor(command), new ScheduledState(runAt.UtcDateTime));
        return Task.CompletedTask;
    }

    public Task AddRecurringAsync(string id, string cron, IRequest command, CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate(id, JobFor(command), cron, new RecurringJobOptions { TimeZone = zone, MisfireHandling = MisfireHandlingMode.Relaxed });
        return Task.CompletedTask;
    }

    public Task RemoveRecurringAsync(string id, CancellationToken cancellationToken)
    {
        recurring.RemoveIfExists(id);
        return Task.CompletedTask;
    }

    public Task<bool> TriggerAsync(string id, CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();
        if (connection.GetRecurringJobs([id]).All(j => j.Removed))
        {
            return Task.FromResult(false);
        }

        recurring.Trigger(id);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<RecurringJobView>> ListRecurringAsync(CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();
        IReadOnlyList<RecurringJobView> jobs = connection.GetRecurringJobs()
            .Where(j => !j.Removed)
            .OrderBy(j => j.Id, StringComparer.Ordinal)
            .Select(j => new RecurringJobView(
                j.Id,
                (j.Job?.Args is [string first, ..] ? first : null) ?? j.Id,
                j.Cron,
                j.TimeZoneId ?? zone.Id,
                Utc(j.NextExecution),
                Utc(j.LastExecution),
                j.LastJobState,
                j.Error ?? j.LoadException?.Message))
            .ToList();
        return Task.FromResult(jobs);
    }

    private static Job JobFor(IRequest command)
    {
        var type = Runnable(command);
        return new Job(typeof(MediatorJobRunner), Run.MakeGenericMethod(type), MediatorJobRunner.NameOf(type), command, CancellationToken.None);
    }

    private static Type Runnable(IRequest command)
    {
        var type = command.GetType();
        return MediatorJobRunner.IsRunnable(type) ? type : throw new ArgumentException($"{type.Name} is not an application command.", nameof(command));
    }

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}

/// <summary><c>Jobs:Enabled=false</c>: nothing is scheduled, nothing runs.</summary>
internal sealed class DisabledJobScheduler : IJobScheduler
{
    public bool IsEnabled => false;

    public int RetryAttempts => 0;

    public Task EnqueueAsync(IRequest command, string key, CancellationToken cancellationToken) => throw Disabled();

    public Task ScheduleAsync(IRequest command, DateTimeOffset runAt, CancellationToken cancellationToken) => throw Disabled();

    public Task AddRecurringAsync(string id, string cron, IRequest command, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemoveRecurringAsync(string id, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> TriggerAsync(string id, CancellationToken cancellationToken) => throw Disabled();

    public Task<IReadOnlyList<RecurringJobView>> ListRecurringAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RecurringJobView>>([]);

    private static JobsDisabledException Disabled() => new();
}
