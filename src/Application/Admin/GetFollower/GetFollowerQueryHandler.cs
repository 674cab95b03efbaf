using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Admin.GetFollower;

internal sealed class GetFollowerQueryHandler(IAdminReadStore store) : RequestHandlerBase<GetFollowerQuery, FollowerSummary>
{
    protected override async Task<FollowerSummary> HandleAsync(GetFollowerQuery request, CancellationToken cancellationToken) =>
        await store.FollowerAsync(request.OpenId, cancellationToken) ?? throw new NotFoundException("Follower");
}
