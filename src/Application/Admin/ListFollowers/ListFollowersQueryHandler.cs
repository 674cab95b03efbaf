using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Admin.ListFollowers;

internal sealed class ListFollowersQueryHandler(IAdminReadStore store) : RequestHandlerBase<ListFollowersQuery, FollowersPage>
{
    protected override async Task<FollowersPage> HandleAsync(ListFollowersQuery request, CancellationToken cancellationToken)
    {
        var (total, tests, items) = await store.FollowersAsync(string.IsNullOrWhiteSpace(request.Search) ? null : request.Search.Trim(), request.Skip, request.Take, cancellationToken);
        return new FollowersPage(total, items, tests);
    }
}
