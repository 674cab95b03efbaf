using MediatR;

namespace WeChatGpt.Application.Admin.ListFollowers;

public sealed record ListFollowersQuery(string? Search = null, int Skip = 0, int Take = 50) : IRequest<FollowersPage>;

public sealed record FollowersPage(int Total, IReadOnlyList<FollowerSummary> Followers);
