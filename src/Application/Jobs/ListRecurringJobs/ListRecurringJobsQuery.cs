using MediatR;

namespace WeChatGpt.Application.Jobs.ListRecurringJobs;

/// <summary>The recurring jobs, for the admin API (the owner's page for jobs is the Hangfire Dashboard).</summary>
public sealed record ListRecurringJobsQuery : IRequest<IReadOnlyList<RecurringJobView>>;
