using MediatR;

namespace WeChatGpt.Application.Admin.GetTodayFigures;

/// <summary>Today's figures, "today" being the calendar day in <c>Admin:TimeZone</c>.</summary>
public sealed record GetTodayFiguresQuery : IRequest<TodayFigures>;

/// <param name="Day">The calendar day counted.</param>
/// <param name="AverageModelLatency">Question to whole answer, over the day's turns; null with no turns.</param>
/// <param name="P95ModelLatency">95th percentile (nearest rank) of the same.</param>
/// <param name="PicturesIn">Photos followers sent that the model looked at.</param>
/// <param name="PicturesOut">Images drawn and sent.</param>
public sealed record TodayFigures(DateOnly Day, string TimeZone, MessageFigures Messages, int Turns, TimeSpan? AverageModelLatency, TimeSpan? P95ModelLatency, int PicturesIn = 0, int PicturesOut = 0);
