using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Shouldly;
using WeChatGpt.Infrastructure.Persistence;

namespace WeChatGpt.IntegrationTests.Persistence;

[Trait("Database", "Sqlite")]
public sealed class MigrationTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"migrations-{Guid.NewGuid():N}.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public MigrationTests() => Directory.CreateDirectory(Path.GetDirectoryName(_path)!);

    [Fact]
    public async Task MigratedEmptyDatabase_MatchesTheModel()
    {
        await using var db = NewContext();

        await db.Database.MigrateAsync(Ct);

        db.Database.HasPendingModelChanges().ShouldBeFalse("the hand-written snapshot differs from the model: add a migration");
        (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();

        // Every table and column of the model exists in the file, with the model's nullability.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var columns = new Dictionary<string, bool>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"PRAGMA table_info(\"{table}\")";
                await using var reader = await command.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct))
                {
                    columns[reader.GetString(1)] = reader.GetInt64(3) == 0;
                }
            }

            columns.ShouldNotBeEmpty(table);
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                columns.ShouldContainKey(column, $"{table}.{column}");
                if (!property.IsPrimaryKey())
                {
                    columns[column].ShouldBe(property.IsNullable, $"{table}.{column} nullability");
                }
            }
        }
    }

    [Fact]
    public async Task Migrations_GoDownAndUpAgain()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync(Ct);

        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Migration.InitialDatabase, cancellationToken: Ct);
        await migrator.MigrateAsync(cancellationToken: Ct);

        (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
    }

    private AppDbContext NewContext() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={_path}").Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
