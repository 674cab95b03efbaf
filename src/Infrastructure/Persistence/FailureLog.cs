using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Admin;
using WeChatGpt.Domain.Operations;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// Failure records through the hot path's statements: recorded into a bounded queue at once, written in batches by a
/// background loop — so that a failure on a busy or locked database is kept until it can be written (the queue keeps
/// the newest <see cref="Capacity"/>), and the follower's reply never waits for it.
/// </summary>
internal sealed class FailureLog(IStatementWriter writer, IStatementReader reader, ILogger<FailureLog> logger) : BackgroundService, IFailureLog
{
    public const int Capacity = 10_000;

    private const int BatchSize = 200;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private const string InsertSql = """
        INSERT INTO "Failures" ("At", "OpenId", "Kind", "Status", "Detail", "Question") VALUES (@at, @openId, @kind, @status, @detail, @question)
        """;

    private const string ListSql = """
        SELECT "At", "OpenId", "Kind", "Status", "Detail", "Question" FROM "Failures"
        WHERE "At" >= @from AND "At" < @to AND (@kind IS NULL OR "Kind" = @kind)
        ORDER BY "At" DESC, "Id" DESC LIMIT @limit
        """;

    private const string CountSql = """SELECT "Kind", COUNT(*) FROM "Failures" WHERE "At" >= @from AND "At" < @to GROUP BY "Kind" """;

    private const string PruneSql = """DELETE FROM "Failures" WHERE "At" < @before""";

    private readonly Channel<FailureRecord> _queue = Channel.CreateBounded<FailureRecord>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Record(FailureRecord failure) => _queue.Writer.TryWrite(failure);

    public Task<IReadOnlyList<FailureRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, string? kind, int limit, CancellationToken cancellationToken) =>
        reader.ReadAsync<IReadOnlyList<FailureRecord>>(
            session =>
            {
                var command = session.Command(ListSql);
                command.Bind("@from", from.ToUnixTimeMilliseconds());
                command.Bind("@to", to.ToUnixTimeMilliseconds());
                command.BindText("@kind", kind);
                command.Bind("@limit", limit);
                using var rows = command.ExecuteReader();
                var list = new List<FailureRecord>();
                while (rows.Read())
                {
                    list.Add(new FailureRecord(
                        DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(0)),
                        rows.GetString(1),
                        rows.GetString(2),
                        rows.IsDBNull(3) ? null : rows.GetInt32(3),
                        rows.GetString(4),
                        rows.IsDBNull(5) ? null : rows.GetString(5)));
                }

                return list;
            },
            cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        reader.ReadAsync<IReadOnlyDictionary<string, int>>(
            session =>
            {
                var command = session.Command(CountSql);
                command.Bind("@from", from.ToUnixTimeMilliseconds());
                command.Bind("@to", to.ToUnixTimeMilliseconds());
                using var rows = command.ExecuteReader();
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                while (rows.Read())
                {
                    counts[rows.GetString(0)] = Convert.ToInt32(rows.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
                }

                return counts;
            },
            cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        writer.ExecuteSingleAsync(batch => batch.Command(PruneSql).Bind("@before", before.ToUnixTimeMilliseconds()).ExecuteNonQuery(), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<FailureRecord>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var failure))
                {
                    batch.Add(failure);
                }

                if (await TryWriteAsync(batch, stoppingToken))
                {
                    batch.Clear();
                }
                else
                {
                    await Task.Delay(RetryAfter, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is written once more, briefly.
            while (batch.Count < Capacity && _queue.Reader.TryRead(out var failure))
            {
                batch.Add(failure);
            }

            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await TryWriteAsync(batch, last.Token);
        }
    }

    private async Task<bool> TryWriteAsync(List<FailureRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        try
        {
            await writer.ExecuteAsync(
                statements =>
                {
                    foreach (var f in batch)
                    {
                        var command = statements.Command(InsertSql);
                        command.Bind("@at", f.At.ToUnixTimeMilliseconds());
                        command.Bind("@openId", f.OpenId);
                        command.Bind("@kind", f.Kind);
                        command.Bind("@status", (object?)f.Status ?? DBNull.Value);
                        command.Bind("@detail", f.Detail);
                        command.BindText("@question", f.Question);
                        command.ExecuteNonQuery();
                    }

                    return 0;
                },
                cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Count} failure record(s) not written yet ({ErrorType}); trying again", batch.Count, ex.GetType().Name);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
