using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Jobs;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Infrastructure.Persistence.Migrations;

namespace WeChatGpt.IntegrationTests.Persistence;

/// <summary>
/// A database made by the release before Hangfire (jobs on Quartz.NET, in the same file; a follower's turn and a
/// keyword reply in it) upgrades cleanly: Quartz's tables go, the data stays, the recurring jobs reappear.
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class UpgradeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADatabaseFromTheQuartzRelease_Upgrades_KeepingItsData_WithItsRecurringJobsUnderHangfire()
    {
        var path = Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"upgrade-{Guid.NewGuid():N}.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "wechatgpt-before-hangfire.db"), path);
        QuartzTables(path).ShouldNotBeEmpty("the old file holds Quartz's tables");

        await using (var factory = new WeChatGptFactory(path) { KeepDatabase = true }.WithAdmin())
        {
            // The follower's history and the owner's keyword reply came through.
            var history = await factory.ApiClient().GetFromJsonAsync<JsonElement>("/api/followers/o-upgrade-follower/messages", Ct);
            history.GetProperty("turns")[0].GetProperty("answer").GetString().ShouldBe("升级前的回答。");
            var keyword = await factory.WeChat().PostAsync(Messages.Text("o-upgrade-follower", "营业时间"), cancellationToken: Ct);
            keyword.Body.ShouldContain("每天 9:00–18:00。");

            var jobs = await factory.Services.GetRequiredService<IJobScheduler>().ListRecurringAsync(Ct);
            jobs.Select(j => j.Id).Order().ShouldBe(["ledger-pruning", "media-bookkeeping", "voice-files-cleanup"]);
        }

        QuartzTables(path).ShouldBeEmpty();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var applied = connection.CreateCommand();
        applied.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1";
        var migrations = new List<string>();
        using (var reader = applied.ExecuteReader())
        {
            while (reader.Read())
            {
                migrations.Add(reader.GetString(0));
            }
        }

        migrations.ShouldContain("20261201000000_DropQuartz");
        migrations.ShouldContain("20261201010000_Pushes");
    }

    [Fact]
    public void TheDropMigration_NamesEveryQuartzTableOfTheOldFile()
    {
        var old = Path.Combine(AppContext.BaseDirectory, "TestData", "wechatgpt-before-hangfire.db");

        QuartzTables(old).Order().ShouldBe(DropQuartz.QuartzTables.Order());
    }

    private static List<string> QuartzTables(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'QRTZ%'";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
