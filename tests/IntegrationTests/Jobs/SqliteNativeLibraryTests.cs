using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Jobs;

/// <summary>
/// EF Core and Hangfire's SQLite storage share ONE native SQLite: two copies in one process would each keep
/// their own POSIX locks on a shared file and break SQLite's locking.
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class SqliteNativeLibraryTests
{
    [Fact]
    public async Task WithJobsRunning_TheProcessMapsOneNativeSqlite()
    {
        await using var factory = new WeChatGptFactory();
        (await factory.WeChat().PostAsync(Messages.Text("o-native", "你好"), cancellationToken: TestContext.Current.CancellationToken)).Body.ShouldContain("答：你好");
        factory.JobStorage().GetMonitoringApi().Servers();

        var libraries = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[^1]).Contains("sqlite", StringComparison.OrdinalIgnoreCase) && !fields[^1].EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(fields => fields[^1])
            .Distinct()
            .ToList();

        libraries.ShouldHaveSingleItem().ShouldEndWith("libe_sqlite3.so");
    }

    [Fact]
    public void TheOutput_HoldsOneNativeSqlitePerPlatform()
    {
        var perPlatform = Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "runtimes"))
            .ToDictionary(rid => Path.GetFileName(rid)!, rid => Directory.Exists(Path.Combine(rid, "native"))
                ? Directory.GetFiles(Path.Combine(rid, "native")).Count(f => Path.GetFileName(f).Contains("sqlite", StringComparison.OrdinalIgnoreCase))
                : 0);

        perPlatform["linux-x64"].ShouldBe(1);
        perPlatform.Values.ShouldAllBe(count => count <= 1);
    }
}
