namespace WeChatGpt.Application.Admin;

/// <summary>The arithmetic of the owner's figures: the owner's calendar day as a UTC range, averages and percentiles.</summary>
public static class DashboardArithmetic
{
    /// <summary>The calendar day containing <paramref name="now"/> in <paramref name="zone"/>, as a UTC range (DST-safe).</summary>
    public static (DateOnly Day, DateTimeOffset From, DateTimeOffset To) DayBounds(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var (from, to) = DayBounds(day, zone);
        return (day, from, to);
    }

    /// <summary>The calendar day <paramref name="day"/> of <paramref name="zone"/> as a UTC range (DST-safe).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) DayBounds(DateOnly day, TimeZoneInfo zone) => (StartOf(day, zone), StartOf(day.AddDays(1), zone));

    /// <summary>When <paramref name="day"/> starts in <paramref name="zone"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A day that starts inside a DST gap starts at the first valid local time after it.
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    public static TimeSpan? Average(IReadOnlyList<long> values) =>
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
