using MediatR;

namespace WeChatGpt.Application.Admin.GetFollower;

public sealed record GetFollowerQuery(string OpenId) : IRequest<FollowerSummary>;
