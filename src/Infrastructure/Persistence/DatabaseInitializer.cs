using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>Applies the hand-written migrations at start-up and turns on SQLite's WAL journal.</summary>
public static class DatabaseInitializer
{
    /// <exception cref="DatabaseConfigurationException">PostgreSQL is misconfigured or cannot be reached (the message names the server).</exception>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var database = services.GetRequiredService<DatabaseSettings>();
        if (!database.IsPostgreSql)
        {
            await MigrateAsync(services, cancellationToken);
            return;
        }

        try
        {
            await CreateIfMissingAsync(database.ConnectionString, cancellationToken);
            await MigrateAsync(services, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException && ex is not DatabaseConfigurationException)
        {
            var server = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
            var reason = ex switch
            {
                Npgsql.PostgresException postgres => postgres.MessageText,
                _ when ex.InnerException is System.Net.Sockets.SocketException socket => socket.Message,
                _ => ex.Message,
            };
            throw new DatabaseConfigurationException($"PostgreSQL at {server.Host}:{server.Port} (database {server.Database ?? server.Username}) could not be used: {reason}", ex);
        }
    }

    /// <summary>
    /// Creates the configured PostgreSQL database when it does not exist yet (through the server's <c>postgres</c>
    /// database), so that a first start needs nothing but a server and a role allowed to create databases.
    /// </summary>
    private static async Task CreateIfMissingAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = new Npgsql.NpgsqlConnection(connectionString);
            await probe.OpenAsync(cancellationToken);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.InvalidCatalogName)
        {
            var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            var maintenance = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
            await using var admin = new Npgsql.NpgsqlConnection(maintenance.ConnectionString);
            await admin.OpenAsync(cancellationToken);
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (Npgsql.PostgresException race) when (race.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
            {
                // Another instance created it at the same moment.
            }
        }
    }

    private static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            logger.LogInformation("Database migrated: {Migrations}", string.Join(", ", pending));
        }

        await TemplateSeeder.SeedAsync(db, cancellationToken);
    }
}
