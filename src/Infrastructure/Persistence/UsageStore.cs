using System.Globalization;
using WeChatGpt.Application.Admin;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>Token usage summed in the database from the turns (the same SQL on SQLite and PostgreSQL).</summary>
internal sealed class UsageStore(IStatementReader reader) : IUsageStore
{
    private const long DayMs = 86_400_000;

    private const string PerDaySql = """
        SELECT ("AskedAt" + @offset) / 86400000, "Model", SUM("PromptTokens"), SUM("CompletionTokens"), COUNT(*),
               SUM(CASE WHEN "TokensEstimated" THEN 1 ELSE 0 END)
        FROM "Turns" WHERE "AskedAt" >= @from AND "Model" IS NOT NULL
        GROUP BY 1, 2
        """;

    private const string PerFollowerSql = """
        SELECT "OpenId", "Model", SUM("PromptTokens"), SUM("CompletionTokens")
        FROM "Turns" WHERE "AskedAt" >= @from AND "AskedAt" < @to AND "Model" IS NOT NULL
        GROUP BY 1, 2
        """;

    private const string SpentSql = """
        SELECT COALESCE(SUM("PromptTokens" + "CompletionTokens"), 0) FROM "Turns" WHERE "OpenId" = @openId AND "AskedAt" >= @from
        """;

    public Task<IReadOnlyList<DailyModelUsage>> PerDayAsync(DateTimeOffset from, TimeSpan utcOffset, CancellationToken cancellationToken) =>
        reader.ReadAsync<IReadOnlyList<DailyModelUsage>>(
            session =>
            {
                var command = session.Command(PerDaySql);
                command.Bind("@from", from.ToUnixTimeMilliseconds());
                command.Bind("@offset", (long)utcOffset.TotalMilliseconds);
                using var rows = command.ExecuteReader();
                var list = new List<DailyModelUsage>();
                while (rows.Read())
                {
                    var day = DateOnly.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(Long(rows.GetValue(0)) * DayMs));
                    list.Add(new DailyModelUsage(day, rows.GetString(1), Long(rows.GetValue(2)), Long(rows.GetValue(3)), (int)Long(rows.GetValue(4)), (int)Long(rows.GetValue(5))));
                }

                return list;
            },
            cancellationToken);

    public Task<IReadOnlyList<FollowerModelUsage>> PerFollowerAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        reader.ReadAsync<IReadOnlyList<FollowerModelUsage>>(
            session =>
            {
                var command = session.Command(PerFollowerSql);
                command.Bind("@from", from.ToUnixTimeMilliseconds());
                command.Bind("@to", to.ToUnixTimeMilliseconds());
                using var rows = command.ExecuteReader();
                var list = new List<FollowerModelUsage>();
                while (rows.Read())
                {
                    list.Add(new FollowerModelUsage(rows.GetString(0), rows.GetString(1), Long(rows.GetValue(2)), Long(rows.GetValue(3))));
                }

                return list;
            },
            cancellationToken);

    public Task<long> SpentAsync(string openId, DateTimeOffset from, CancellationToken cancellationToken) =>
        reader.ReadAsync(
            session => Long(session.Command(SpentSql).Bind("@openId", openId).Bind("@from", from.ToUnixTimeMilliseconds()).ExecuteScalar()),
            cancellationToken);

    /// <summary>SQLite answers sums as 64-bit integers, PostgreSQL as numeric or bigint: read them the same way.</summary>
    private static long Long(object? value) => value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
