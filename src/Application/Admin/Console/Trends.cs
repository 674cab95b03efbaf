using MediatR;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Admin.Console;

/// <summary>The owner's figures per day for the last <paramref name="Days"/> days (today included), oldest first.</summary>
public sealed record GetTrendsQuery(int Days = 7) : IRequest<IReadOnlyList<TrendDay>>;

/// <param name="Messages">Messages (not events) received.</param>
/// <param name="AnsweredShare">The share of them answered by the model within the reply window, 0–1 (null with none).</param>
/// <param name="Partials">Last deliveries that gave a part (or "still thinking").</param>
/// <param name="Failures">Failures on record.</param>
/// <param name="Tokens">Prompt and completion tokens.</param>
public sealed record TrendDay(DateOnly Day, int Messages, double? AnsweredShare, int Partials, int Failures, long Tokens);

internal sealed class GetTrendsQueryHandler(IAdminReadStore store, IFailureLog failures, IUsageStore usage, IOptions<AdminOptions> admin, TimeProvider clock)
    : RequestHandlerBase<GetTrendsQuery, IReadOnlyList<TrendDay>>
{
    protected override async Task<IReadOnlyList<TrendDay>> HandleAsync(GetTrendsQuery request, CancellationToken cancellationToken)
    {
        var zone = admin.Value.FindZone();
        var days = Math.Clamp(request.Days, 1, 90);
        var now = clock.GetUtcNow();
        var today = DashboardArithmetic.DayBounds(now, zone).Day;
        var first = today.AddDays(1 - days);
        var tokens = (await usage.PerDayAsync(DashboardArithmetic.StartOf(first, zone), zone.GetUtcOffset(now), cancellationToken))
            .GroupBy(u => u.Day)
            .ToDictionary(g => g.Key, g => g.Sum(u => u.PromptTokens + u.CompletionTokens));
        var trend = new List<TrendDay>(days);
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            var (from, to) = DashboardArithmetic.DayBounds(day, zone);
            var figures = await store.FiguresAsync(from, to, cancellationToken);
            var failed = (await failures.CountAsync(from, to, cancellationToken)).Values.Sum();
            trend.Add(new TrendDay(
                day,
                figures.Received,
                figures.Received == 0 ? null : Math.Min(1.0, (double)figures.Answered / figures.Received),
                figures.Partial,
                failed,
                tokens.GetValueOrDefault(day)));
        }

        return trend;
    }
}
