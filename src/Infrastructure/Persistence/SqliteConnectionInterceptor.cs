using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// Per-connection SQLite settings: NORMAL synchronous mode (safe with WAL, which the initializer turns on)
/// and a busy timeout so that concurrent writers wait instead of failing.
/// </summary>
internal sealed class SqliteConnectionInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
