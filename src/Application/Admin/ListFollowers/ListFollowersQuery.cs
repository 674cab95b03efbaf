using MediatR;

namespace WeChatGpt.Application.Admin.ListFollowers;

public sealed record ListFollowersQuery(string? Search = null, int Skip = 0, int Take = 50) : IRequest<FollowersPage>;

/// <param name="TestFollowers">How many of <paramref name="Total"/> are the consumer API's test followers.</param>
public sealed record FollowersPage(int Total, IReadOnlyList<FollowerSummary> Followers, int TestFollowers = 0);
