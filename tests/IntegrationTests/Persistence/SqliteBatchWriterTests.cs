using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Persistence;

[Trait("Database", "Sqlite")]
public sealed class SqliteBatchWriterTests(SqliteBatchWriterTests.Factory factory) : IClassFixture<SqliteBatchWriterTests.Factory>
{
    public sealed class Factory : WeChatGptFactory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentDeliveries_AreAllRecorded_AndCountedExactly()
    {
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<IDeliveryLedger>();
        var keys = Enumerable.Range(0, 50).Select(_ => MessageKey.ForMessage(Messages.NextMsgId())).ToArray();

        var records = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            Task.Run(() => ledger.RecordAsync(keys[i % keys.Length], "o-batch", "text", DateTimeOffset.UtcNow, "test-life", null, late: false, Ct), Ct)));

        records.Count(r => r.IsFirst).ShouldBe(keys.Length);
        foreach (var key in keys)
        {
            records.Where(r => r.Key == key).Select(r => r.Count).Order().ShouldBe(Enumerable.Range(1, 10));
            (await ledger.FindAsync(key, Ct))!.Count.ShouldBe(10);
        }
    }

    [Fact]
    public async Task AFailingWrite_FailsAlone_AndItsBatchMatesCommit()
    {
        _ = factory.CreateClient();
        var writer = factory.Services.GetRequiredService<SqliteBatchWriter>();
        await using var scope = factory.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<IDeliveryLedger>();
        var good = Enumerable.Range(0, 20).Select(_ => MessageKey.ForMessage(Messages.NextMsgId())).ToArray();

        var writes = good.Select(k => (Task)ledger.RecordAsync(k, "o-batch", "text", DateTimeOffset.UtcNow, "test-life", null, late: false, Ct)).ToList();
        var broken = writer.ExecuteAsync(b => b.Command("INSERT INTO \"NoSuchTable\" VALUES (1)").ExecuteNonQuery(), Ct);
        writes.AddRange(good.Select(k => (Task)ledger.RecordAsync(k, "o-batch", "text", DateTimeOffset.UtcNow, "test-life", null, late: false, Ct)));

        await Should.ThrowAsync<SqliteException>(() => broken);
        await Task.WhenAll(writes);
        foreach (var key in good)
        {
            (await ledger.FindAsync(key, Ct))!.Count.ShouldBe(2);
        }
    }
}
