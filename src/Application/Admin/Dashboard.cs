using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Admin;

/// <summary>Today's figures, "today" being the calendar day in <c>Admin:TimeZone</c>.</summary>
public sealed record GetTodayFiguresQuery : IRequest<TodayFigures>;

/// <param name="Day">The calendar day counted.</param>
/// <param name="AverageModelLatency">Question to whole answer, over the day's turns; null with no turns.</param>
/// <param name="P95ModelLatency">95th percentile (nearest rank) of the same.</param>
public sealed record TodayFigures(DateOnly Day, string TimeZone, MessageFigures Messages, int Turns, TimeSpan? AverageModelLatency, TimeSpan? P95ModelLatency);

public sealed record ListFollowersQuery(string? Search = null, int Skip = 0, int Take = 50) : IRequest<FollowersPage>;

public sealed record FollowersPage(int Total, IReadOnlyList<FollowerSummary> Followers);

public sealed record GetFollowerQuery(string OpenId) : IRequest<FollowerSummary>;

internal sealed class ListFollowersQueryValidator : AbstractValidator<ListFollowersQuery>
{
    public ListFollowersQueryValidator()
    {
        RuleFor(q => q.Search).MaximumLength(128);
        RuleFor(q => q.Skip).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Take).InclusiveBetween(1, 200);
    }
}

internal sealed class DashboardHandlers(IAdminReadStore store, IOptions<AdminOptions> options, TimeProvider clock) :
    IRequestHandler<GetTodayFiguresQuery, TodayFigures>,
    IRequestHandler<ListFollowersQuery, FollowersPage>,
    IRequestHandler<GetFollowerQuery, FollowerSummary>
{
    public async Task<TodayFigures> Handle(GetTodayFiguresQuery request, CancellationToken cancellationToken)
    {
        var zone = options.Value.FindZone();
        var (day, from, to) = DayBounds(clock.GetUtcNow(), zone);
        var figures = await store.FiguresAsync(from, to, cancellationToken);
        var latencies = await store.ModelLatenciesAsync(from, to, cancellationToken);
        return new TodayFigures(day, zone.Id, figures, latencies.Count, Average(latencies), Percentile(latencies, 0.95));
    }

    public async Task<FollowersPage> Handle(ListFollowersQuery request, CancellationToken cancellationToken)
    {
        var (total, items) = await store.FollowersAsync(string.IsNullOrWhiteSpace(request.Search) ? null : request.Search.Trim(), request.Skip, request.Take, cancellationToken);
        return new FollowersPage(total, items);
    }

    public async Task<FollowerSummary> Handle(GetFollowerQuery request, CancellationToken cancellationToken) =>
        await store.FollowerAsync(request.OpenId, cancellationToken) ?? throw new NotFoundException("Follower");

    /// <summary>The calendar day containing <paramref name="now"/> in <paramref name="zone"/>, as a UTC range (DST-safe).</summary>
    public static (DateOnly Day, DateTimeOffset From, DateTimeOffset To) DayBounds(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        return (day, StartOf(day, zone), StartOf(day.AddDays(1), zone));
    }

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A day that starts inside a DST gap starts at the first valid local time after it.
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    private static TimeSpan? Average(IReadOnlyList<long> values) =>
        values.Count == 0 ? null : TimeSpan.FromMilliseconds(values.Average());

    /// <summary>Nearest-rank percentile.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<long> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return TimeSpan.FromMilliseconds(sorted[Math.Clamp(rank, 1, sorted.Length) - 1]);
    }
}
