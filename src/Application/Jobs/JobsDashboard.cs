using FluentValidation;
using MediatR;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Jobs;

/// <summary>What the scheduler knows about its jobs, for the owner's jobs page.</summary>
public interface IJobDashboard
{
    Task<JobsOverview> GetOverviewAsync(int recentRuns, CancellationToken cancellationToken);
}

/// <param name="Enabled">False with <c>Jobs:Enabled=false</c>: nothing is scheduled.</param>
/// <param name="Recurring">Every recurring job, by name.</param>
/// <param name="RecentRuns">The latest runs of any job, newest first.</param>
/// <param name="RecentFailures">The latest failed runs, newest first, with their error.</param>
public sealed record JobsOverview(bool Enabled, IReadOnlyList<RecurringJobView> Recurring, IReadOnlyList<JobRunView> RecentRuns, IReadOnlyList<JobRunView> RecentFailures);

/// <param name="Name">The job's stable name, used by "run now".</param>
/// <param name="Command">The command the job sends.</param>
/// <param name="Schedule">The Quartz cron expression (with seconds).</param>
/// <param name="State">The trigger's state: Normal, Paused, Blocked (running), Error.</param>
/// <param name="FailureCount">Runs that failed for good (a failure that is retried is not counted).</param>
public sealed record RecurringJobView(
    string Name,
    string Command,
    string? Schedule,
    string State,
    DateTimeOffset? NextRunAt,
    JobRunView? LastRun,
    long RunCount,
    long FailureCount,
    int ConsecutiveFailures);

/// <param name="Result">Succeeded, Failed, Cancelled or Skipped.</param>
/// <param name="Error">The exception message of a failed run.</param>
/// <param name="RetryAttempt">0 for a scheduled or manual run, 1 for its first retry, …</param>
/// <param name="RetryScheduled">The run failed and will be retried (Jobs:RetryAttempts).</param>
/// <param name="Manual">Started with "run now".</param>
public sealed record JobRunView(string Job, DateTimeOffset FiredAt, TimeSpan Duration, string Result, string? Error, int RetryAttempt, bool RetryScheduled, bool Manual);

public sealed record GetJobsOverviewQuery(int RecentRuns = 20) : IRequest<JobsOverview>;

/// <summary>Runs a recurring job now, in addition to its schedule.</summary>
public sealed record RunJobNowCommand(string Name) : IRequest;

internal sealed class GetJobsOverviewQueryValidator : AbstractValidator<GetJobsOverviewQuery>
{
    public GetJobsOverviewQueryValidator() => RuleFor(q => q.RecentRuns).InclusiveBetween(1, 200);
}

internal sealed class RunJobNowCommandValidator : AbstractValidator<RunJobNowCommand>
{
    public RunJobNowCommandValidator() => RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
}

internal sealed class JobsDashboardHandlers(IJobDashboard dashboard, IJobScheduler scheduler) :
    IRequestHandler<GetJobsOverviewQuery, JobsOverview>,
    IRequestHandler<RunJobNowCommand, Unit>
{
    public Task<JobsOverview> Handle(GetJobsOverviewQuery request, CancellationToken cancellationToken) =>
        dashboard.GetOverviewAsync(request.RecentRuns, cancellationToken);

    public async Task<Unit> Handle(RunJobNowCommand request, CancellationToken cancellationToken)
    {
        if (!scheduler.IsEnabled)
        {
            throw new JobsDisabledException();
        }

        var overview = await dashboard.GetOverviewAsync(1, cancellationToken);
        if (overview.Recurring.All(j => j.Name != request.Name))
        {
            throw new NotFoundException($"Job '{request.Name}'");
        }

        await scheduler.TriggerAsync(request.Name, cancellationToken);
        return Unit.Value;
    }
}

/// <summary>A job operation while <c>Jobs:Enabled=false</c>.</summary>
public sealed class JobsDisabledException() : Exception("The job scheduler is off (Jobs:Enabled=false).");
