using WeChatGpt.Domain.Operations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Operations;

/// <summary>
/// Another connection (a backup, a <c>sqlite3</c> shell) holds <c>BEGIN EXCLUSIVE</c> on the database file while
/// followers ask, in real time against WeChat's own delivery rhythm (5 s, three deliveries).
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class LockedDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALockHeldPastEveryDelivery_TellsEachFollowerBusyOnTheLastDelivery_NeverTheFailureNotice_AndTheResendIsAnswered()
    {
        await using var factory = new WeChatGptFactory();
        using var metrics = new MetricsRecorder(factory.Services);
        var wechat = factory.WeChat();
        (await wechat.PostAsync(Messages.Text("o-lock-warm", "warm up"), cancellationToken: Ct)).Status.ShouldBe(System.Net.HttpStatusCode.OK);
        var simulator = new WeChatSimulator(wechat, TimeProvider.System);
        var modelCalls = factory.Model.Requests.Count;

        var release = await HoldExclusiveLockAsync(factory.DatabasePath, TimeSpan.FromSeconds(16));
        var followers = new[] { "o-lock-1", "o-lock-2", "o-lock-3" };
        var asking = followers.Select(f => simulator.DeliverAsync(Messages.Text(f, $"{f} 的问题"), Ct)).ToArray();

        // While writes wait for the lock, readiness says storage is degraded (and why).
        var ready = await Eventually.ReadUntilAsync(
            () => factory.CreateClient().GetStringAsync("/health/ready", Ct),
            body => body.Contains("\"database\":{\"status\":\"Degraded\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        ready.ShouldContain("\"database\":{\"status\":\"Degraded\"");
        ready.ShouldContain("locked by another process");

        var outcomes = await Task.WhenAll(asking);
        foreach (var outcome in outcomes)
        {
            outcome.FailureNoticeShown.ShouldBeFalse();
            outcome.Delivery.ShouldBe(3);
            outcome.Content.ShouldBe(new TextsOptions().StorageBusy);
        }

        factory.Model.Requests.Count.ShouldBe(modelCalls, "nothing was recorded, so nothing was asked");
        metrics.Sum("wechatgpt.storage.busy").ShouldBeGreaterThanOrEqualTo(followers.Length);
        var warnings = factory.Logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Database busy/locked", StringComparison.Ordinal)).ToList();
        warnings.Count.ShouldBe(1, "one warning per episode, however many writes wait");
        warnings[0].Message.ShouldContain("s for a lock held by another connection");

        await release;
        var healthy = await Eventually.ReadUntilAsync(
            () => factory.CreateClient().GetStringAsync("/health/ready", Ct),
            body => body.Contains("\"database\":{\"status\":\"Healthy\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        healthy.ShouldContain("\"database\":{\"status\":\"Healthy\"");
        factory.Logs.Entries.ShouldContain(e => e.Message.StartsWith("Database writes resumed after", StringComparison.Ordinal));

        // The follower sends again, as the text asked: answered normally.
        var resends = await Task.WhenAll(followers.Select(f => simulator.DeliverAsync(Messages.Text(f, $"{f} 的问题"), Ct)));
        resends.ShouldAllBe(o => o.Delivery == 1);
        resends.Select(o => o.Content).ShouldBe(followers.Select(f => $"答：{f} 的问题"));
        // Each follower's busy answer is on the owner's record, written once the lock was gone.
        foreach (var f in followers)
        {
            (await FailureRecords.EventuallyAsync(factory, f, FailureKinds.Storage, Ct)).Question.ShouldBe($"{f} 的问题");
        }
    }

    [Fact]
    public async Task ALockReleasedBeforeWeChatDeliversAgain_AnswersTheMessageNormally_OnTheNextDelivery()
    {
        await using var factory = new WeChatGptFactory();
        var wechat = factory.WeChat();
        (await wechat.PostAsync(Messages.Text("o-lock-warm", "warm up"), cancellationToken: Ct)).Status.ShouldBe(System.Net.HttpStatusCode.OK);
        var simulator = new WeChatSimulator(wechat, TimeProvider.System);

        var release = await HoldExclusiveLockAsync(factory.DatabasePath, TimeSpan.FromSeconds(6));
        var outcome = await simulator.DeliverAsync(Messages.Text("o-lock-short", "锁一会儿"), Ct);
        await release;

        outcome.FailureNoticeShown.ShouldBeFalse();
        outcome.Delivery.ShouldBe(2, "the first delivery stays silent so that WeChat delivers again; the second finds storage back");
        outcome.Content.ShouldBe("答：锁一会儿");
        factory.Model.RequestCount("锁一会儿").ShouldBe(1);
    }

    /// <summary>Takes the file's exclusive lock on a connection of its own and releases it after <paramref name="hold"/>.</summary>
    private static async Task<Task> HoldExclusiveLockAsync(string databasePath, TimeSpan hold)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync(Ct);
        }

        return Task.Run(async () =>
        {
            await Task.Delay(hold, Ct);
            await using (var rollback = connection.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync(Ct);
            }

            await connection.DisposeAsync();
        }, Ct);
    }
}
