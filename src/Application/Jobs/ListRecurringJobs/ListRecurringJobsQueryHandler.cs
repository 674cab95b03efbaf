using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Jobs.ListRecurringJobs;

internal sealed class ListRecurringJobsQueryHandler(IJobScheduler scheduler) : RequestHandlerBase<ListRecurringJobsQuery, IReadOnlyList<RecurringJobView>>
{
    protected override async Task<IReadOnlyList<RecurringJobView>> HandleAsync(ListRecurringJobsQuery request, CancellationToken cancellationToken) =>
        scheduler.IsEnabled ? await scheduler.ListRecurringAsync(cancellationToken) : [];
}
