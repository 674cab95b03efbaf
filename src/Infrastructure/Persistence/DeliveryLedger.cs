using System.Data.Common;
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
/// </summary>
internal sealed class DeliveryLedger(AppDbContext db) : IDeliveryLedger
{
    private const string RecordSql = """
        INSERT INTO "Deliveries" ("Key", "OpenId", "Kind", "FirstSeenAt", "LastSeenAt", "Count", "State")
        VALUES (@key, @openId, @kind, @now, @now, 1, 0)
        ON CONFLICT ("Key") DO UPDATE SET "Count" = "Deliveries"."Count" + 1, "LastSeenAt" = excluded."LastSeenAt"
        RETURNING "Count", "FirstSeenAt", "State", "Reply";
        """;

    private const string CompleteSql = """
        UPDATE "Deliveries" SET "State" = 1, "Reply" = @reply, "RepliedAt" = @now
        WHERE "Key" = @key AND "State" = 0;
        """;

    private const string FindSql = """
        SELECT "Count", "FirstSeenAt", "State", "Reply" FROM "Deliveries" WHERE "Key" = @key;
        """;

    public async Task<DeliveryRecord> RecordAsync(MessageKey key, string openId, string kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(RecordSql, cancellationToken);
        Add(command, "@key", key.Value);
        Add(command, "@openId", openId);
        Add(command, "@kind", kind);
        Add(command, "@now", now.ToUnixTimeMilliseconds());
        return await ReadAsync(command, key, cancellationToken)
            ?? throw new InvalidOperationException("The ledger upsert returned no row.");
    }

    public async Task<Reply> CompleteAsync(MessageKey key, Reply reply, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var update = await CommandAsync(CompleteSql, cancellationToken))
        {
            Add(update, "@key", key.Value);
            Add(update, "@reply", ReplyJson.Serialize(reply));
            Add(update, "@now", now.ToUnixTimeMilliseconds());
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return reply;
            }
        }

        // Someone fixed the reply first (or the key was never recorded): theirs is the reply.
        return (await FindAsync(key, cancellationToken))?.Reply ?? reply;
    }

    public async Task<DeliveryRecord?> FindAsync(MessageKey key, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(FindSql, cancellationToken);
        Add(command, "@key", key.Value);
        return await ReadAsync(command, key, cancellationToken);
    }

    private async Task<DbCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<DeliveryRecord?> ReadAsync(DbCommand command, MessageKey key, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new DeliveryRecord(
            key,
            Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)),
            (DeliveryState)Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
            reader.IsDBNull(3) ? null : ReplyJson.Deserialize(reader.GetString(3)));
    }
}
