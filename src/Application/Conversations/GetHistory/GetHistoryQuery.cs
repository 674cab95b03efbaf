using MediatR;

namespace WeChatGpt.Application.Conversations.GetHistory;

/// <summary>A follower's answered questions, newest first.</summary>
public sealed record GetHistoryQuery(string OpenId, int Skip = 0, int Take = 20) : IRequest<HistoryPage>;

public sealed record HistoryPage(int Total, IReadOnlyList<HistoryTurn> Turns);

/// <param name="PictureId">The turn's picture (the follower's photo, or the image drawn as the answer), if any.</param>
/// <param name="Drawn">The answer was a drawn image.</param>
public sealed record HistoryTurn(string Question, string Answer, DateTimeOffset AskedAt, DateTimeOffset AnsweredAt, long? PictureId = null, bool Drawn = false);
