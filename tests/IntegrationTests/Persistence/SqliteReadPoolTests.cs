using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Persistence;

/// <summary>The reply path's reads: on a capped pool of connections with prepared statements, and right.</summary>
[Trait("Database", "Sqlite")]
public sealed class SqliteReadPoolTests(SqliteReadPoolTests.Factory factory) : IClassFixture<SqliteReadPoolTests.Factory>
{
    public sealed class Factory : WeChatGptFactory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACrowdOfReads_SharesAFewConnections_NeverOnePerRead()
    {
        _ = factory.CreateClient();
        var pool = factory.Services.GetRequiredService<SqliteReadPool>();
        var inside = 0;
        var most = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(
            () => pool.ReadAsync(
                reader =>
                {
                    var now = Interlocked.Increment(ref inside);
                    Peak.Raise(ref most, now);
                    Thread.Sleep(2);
                    var command = reader.Command("SELECT $n + 1");
                    command.Parameters.AddWithValue("$n", i);
                    var value = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                    Interlocked.Decrement(ref inside);
                    return value;
                },
                Ct),
            Ct)));

        results.ShouldBe(Enumerable.Range(1, 400));
        most.ShouldBeLessThanOrEqualTo(SqliteReadPool.MaxConnections);
        pool.Opened.ShouldBeLessThanOrEqualTo(SqliteReadPool.MaxConnections);
    }

    [Fact]
    public async Task TheOpenConversation_AndItsLatestTurns_ReadBackAsStored()
    {
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IConversationStore>();
        var openId = $"o-read-{Guid.NewGuid():N}"[..28];
        var now = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

        var conversation = await store.GetOpenAsync(openId, now, Ct);
        for (var i = 1; i <= 5; i++)
        {
            await store.AddTurnAsync(conversation.Record($"k-{openId}-{i}", $"问题{i}", $"回答{i}", now.AddMinutes(i), now.AddMinutes(i).AddSeconds(3)), Ct);
        }

        var again = await store.GetOpenAsync(openId, now.AddHours(1), Ct);
        again.Id.ShouldBe(conversation.Id);
        again.StartedAt.ShouldBe(now);
        again.IsOpen.ShouldBeTrue();
        var turns = await store.RecentTurnsAsync(conversation.Id, 3, Ct);
        turns.Select(t => t.Question).ShouldBe(["问题3", "问题4", "问题5"]);
        turns[^1].Answer.ShouldBe("回答5");
        turns[^1].AnsweredAt.ShouldBe(now.AddMinutes(5).AddSeconds(3));
        turns.ShouldAllBe(t => t.ConversationId == conversation.Id && t.OpenId == openId && t.Id > 0);
    }
}
