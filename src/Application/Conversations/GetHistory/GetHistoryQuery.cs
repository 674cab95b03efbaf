using MediatR;

namespace WeChatGpt.Application.Conversations.GetHistory;

/// <summary>A follower's answered questions, newest first.</summary>
public sealed record GetHistoryQuery(string OpenId, int Skip = 0, int Take = 20) : IRequest<HistoryPage>;

public sealed record HistoryPage(int Total, IReadOnlyList<HistoryTurn> Turns);

public sealed record HistoryTurn(string Question, string Answer, DateTimeOffset AskedAt, DateTimeOffset AnsweredAt);
