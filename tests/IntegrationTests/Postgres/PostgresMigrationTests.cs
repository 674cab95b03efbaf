using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Shouldly;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Postgres;

/// <summary>PostgreSQL's own migrations, on a real server: the migrated empty database is the model, table by table and column by column.</summary>
public sealed class PostgresMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MigratedEmptyDatabase_MatchesTheModel()
    {
        var connectionString = PostgresServer.NewDatabase();
        await using var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(connectionString).Options);

        await db.Database.MigrateAsync(Ct);

        db.Database.HasPendingModelChanges().ShouldBeFalse("PostgreSQL's snapshot differs from the model: add a PostgreSQL migration");
        (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
        var postgresMigrations = typeof(PostgresDbContext).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Migration)) && t.Namespace == "WeChatGpt.Infrastructure.Persistence.Postgres.Migrations")
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()!.Id)
            .Order()
            .ToList();
        postgresMigrations.ShouldContain("20261201060000_PostgresInitial");
        db.Database.GetMigrations().ShouldBe(postgresMigrations, "only PostgreSQL's migrations, never SQLite's");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var columns = new Dictionary<string, (bool Nullable, string Type)>();
            await using (var command = new NpgsqlCommand("SELECT column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table", connection))
            {
                command.Parameters.AddWithValue("table", table);
                await using var reader = await command.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct))
                {
                    columns[reader.GetString(0)] = (reader.GetString(1) == "YES", reader.GetString(2));
                }
            }

            columns.ShouldNotBeEmpty(table);
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                columns.ShouldContainKey(column, $"{table}.{column}");
                columns[column].Nullable.ShouldBe(property.IsNullable, $"{table}.{column} nullability");
            }
        }
    }

    [Fact]
    public async Task Migrations_GoDownAndUpAgain()
    {
        var connectionString = PostgresServer.NewDatabase();
        await using var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(connectionString).Options);
        await db.Database.MigrateAsync(Ct);
        var migrator = db.GetService<IMigrator>();

        await migrator.MigrateAsync(Migration.InitialDatabase, cancellationToken: Ct);
        (await db.Database.GetAppliedMigrationsAsync(Ct)).ShouldBeEmpty();
        await db.Database.MigrateAsync(Ct);

        (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
    }
}
