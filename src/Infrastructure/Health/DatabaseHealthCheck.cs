using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WeChatGpt.Infrastructure.Persistence;

namespace WeChatGpt.Infrastructure.Health;

/// <summary>
/// Ready when the database answers a query on one of our tables; degraded while its writes wait for a lock
/// another process holds. A SQLite file that has disappeared is
/// reported as such (SQLite would otherwise create an empty file and pooled connections keep the old one).
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> contexts, StorageHealth storage) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(timeout.Token);
            if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                var csb = new SqliteConnectionStringBuilder(sqlite.ConnectionString);
                var inMemory = csb.Mode == SqliteOpenMode.Memory || csb.DataSource is "" or ":memory:";
                if (!inMemory && !File.Exists(csb.DataSource))
                {
                    return HealthCheckResult.Unhealthy("The database file is missing.");
                }
            }

            await db.Deliveries.AsNoTracking().AnyAsync(timeout.Token);
            if (!db.Database.IsSqlite())
            {
                // The server answers again: an episode of being unreachable is over.
                storage.Reachable();
            }

            return storage.BlockedFor is { } blocked
                ? HealthCheckResult.Degraded($"Writes have waited {blocked.TotalSeconds:0} s for the database's lock (busy or locked by another process).")
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The type only: a message may carry a path or a connection detail.
            return HealthCheckResult.Unhealthy($"The database did not answer ({ex.GetType().Name}).");
        }
    }
}
