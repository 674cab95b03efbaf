using FluentValidation;
using MediatR;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Jobs;

/// <summary>The recurring jobs, for the admin API (the owner's page for jobs is the Hangfire Dashboard).</summary>
public sealed record ListRecurringJobsQuery : IRequest<IReadOnlyList<RecurringJobView>>;

/// <summary>Runs a recurring job now, in addition to its schedule.</summary>
public sealed record RunJobNowCommand(string Name) : IRequest;

internal sealed class RunJobNowCommandValidator : AbstractValidator<RunJobNowCommand>
{
    public RunJobNowCommandValidator() => RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
}

internal sealed class JobsDashboardHandlers(IJobScheduler scheduler) :
    IRequestHandler<ListRecurringJobsQuery, IReadOnlyList<RecurringJobView>>,
    IRequestHandler<RunJobNowCommand, Unit>
{
    public async Task<IReadOnlyList<RecurringJobView>> Handle(ListRecurringJobsQuery request, CancellationToken cancellationToken) =>
        scheduler.IsEnabled ? await scheduler.ListRecurringAsync(cancellationToken) : [];

    public async Task<Unit> Handle(RunJobNowCommand request, CancellationToken cancellationToken)
    {
        if (!scheduler.IsEnabled)
        {
            throw new JobsDisabledException();
        }

        if (!await scheduler.TriggerAsync(request.Name, cancellationToken))
        {
            throw new NotFoundException($"Job '{request.Name}'");
        }

        return Unit.Value;
    }
}

/// <summary>A job operation while <c>Jobs:Enabled=false</c>.</summary>
public sealed class JobsDisabledException() : Exception("The job scheduler is off (Jobs:Enabled=false).");
