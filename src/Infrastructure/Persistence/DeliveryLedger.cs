using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.Persistence.Converters;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// The ledger on the database. Recording a delivery is one atomic upsert (<c>INSERT … ON CONFLICT DO UPDATE
/// … RETURNING</c>, the same SQL on SQLite and PostgreSQL), so concurrent deliveries on any number of
/// instances agree on which one is first; fixing the reply is a conditional update, so the first wins.
/// Both go through the group-commit writer.
/// </summary>
internal sealed class DeliveryLedger(IDbContextFactory<AppDbContext> contexts, SqliteBatchWriter writer) : IDeliveryLedger
{
    private const string RecordSql = """
        INSERT INTO "Deliveries" ("Key", "OpenId", "Kind", "FirstSeenAt", "LastSeenAt", "Count", "State")
        VALUES ($key, $openId, $kind, $now, $now, 1, 0)
        ON CONFLICT ("Key") DO UPDATE SET "Count" = "Deliveries"."Count" + 1, "LastSeenAt" = excluded."LastSeenAt"
        RETURNING "Count", "FirstSeenAt", "State", "Reply"
        """;

    private const string CompleteSql = """
        UPDATE "Deliveries" SET "State" = 1, "Reply" = $reply, "Outcome" = $outcome, "RepliedAt" = $now
        WHERE "Key" = $key AND "State" = 0
        """;

    public async Task<DeliveryRecord> RecordAsync(MessageKey key, string openId, string kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await writer.ExecuteAsync(
            batch =>
            {
                var command = batch.Command(RecordSql);
                command.Parameters.AddWithValue("$key", key.Value);
                command.Parameters.AddWithValue("$openId", openId);
                command.Parameters.AddWithValue("$kind", kind);
                command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                using var reader = command.ExecuteReader();
                reader.Read();
                return new LedgerRow
                {
                    Count = reader.GetInt32(0),
                    FirstSeenAt = reader.GetInt64(1),
                    State = reader.GetInt32(2),
                    Reply = reader.IsDBNull(3) ? null : reader.GetString(3),
                };
            },
            cancellationToken);
        return row.ToRecord(key);
    }

    public async Task<Reply> CompleteAsync(MessageKey key, Reply reply, ReplyOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var json = ReplyJson.Serialize(reply);
        var updated = await writer.ExecuteAsync(
            batch =>
            {
                var command = batch.Command(CompleteSql);
                command.Parameters.AddWithValue("$key", key.Value);
                command.Parameters.AddWithValue("$reply", json);
                command.Parameters.AddWithValue("$outcome", (int)outcome);
                command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                return command.ExecuteNonQuery();
            },
            cancellationToken);
        if (updated == 1)
        {
            return reply;
        }

        // Someone fixed the reply first (or the key was never recorded): theirs is the reply.
        return (await FindAsync(key, cancellationToken))?.Reply ?? reply;
    }

    public async Task<DeliveryRecord?> FindAsync(MessageKey key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database.SqlQuery<LedgerRow>(
            $"""SELECT "Count", "FirstSeenAt", "State", "Reply" FROM "Deliveries" WHERE "Key" = {key.Value}""")
            .ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : rows[0].ToRecord(key);
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Deliveries.Where(d => d.FirstSeenAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>What the ledger statements return.</summary>
    internal sealed class LedgerRow
    {
        public int Count { get; set; }

        public long FirstSeenAt { get; set; }

        public int State { get; set; }

        public string? Reply { get; set; }

        public DeliveryRecord ToRecord(MessageKey key) => new(
            key,
            Count,
            DateTimeOffset.FromUnixTimeMilliseconds(FirstSeenAt),
            (DeliveryState)State,
            Reply is null ? null : ReplyJson.Deserialize(Reply));
    }
}
