using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.Messaging;
using WeChatGpt.Infrastructure.Persistence.Converters;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// The ledger on the database. Recording a delivery is one atomic upsert (<c>INSERT … ON CONFLICT DO UPDATE …
/// RETURNING</c>, the same SQL on SQLite and PostgreSQL), so that concurrent deliveries on any number of instances
/// agree on which one is first and which life owns the work. Settling is a conditional update of the reply with
/// what it keeps for "继续", in one savepoint of the group-commit writer's transaction: the first settlement wins,
/// and a take that lost its race undoes the reply it came with.
/// </summary>
internal sealed class DeliveryLedger(
    IDbContextFactory<AppDbContext> contexts,
    IStatementWriter writer,
    IStatementReader reads,
    ReplySignals signals,
    LedgerRedeliveries redeliveries,
    DatabaseSettings database,
    TimeProvider clock) : IDeliveryLedger
{
    /// <summary>PostgreSQL: the channel a settled reply is announced on, its key the payload (<see cref="PostgresReplyListener"/>).</summary>
    public const string RepliesChannel = "wechatgpt_replies";

    /// <summary>On PostgreSQL a waiting delivery also reads its row this often, in case another instance's notification was missed.</summary>
    private static readonly TimeSpan RemotePoll = TimeSpan.FromSeconds(1);

    private const string NotifySql = $"SELECT pg_notify('{RepliesChannel}', @key)";

    private const string SettledReplySql = """SELECT "Reply" FROM "Deliveries" WHERE "Key" = @key AND "State" = 1""";

    private const string RecordSql = """
        INSERT INTO "Deliveries" ("Key", "OpenId", "Kind", "FirstSeenAt", "LastSeenAt", "Count", "State", "Outcome", "Owner", "Query")
        VALUES (@key, @openId, @kind, @now, @now, 1, 0, 0, @owner, @query)
        ON CONFLICT ("Key") DO UPDATE SET "Count" = "Deliveries"."Count" + 1,
            "LastSeenAt" = CASE WHEN @late = 1 AND "Deliveries"."State" = 1 THEN "Deliveries"."LastSeenAt" ELSE excluded."LastSeenAt" END
        RETURNING "Count", "FirstSeenAt", "Owner", "Reply"
        """;

    private const string SettleSql = """
        UPDATE "Deliveries" SET "State" = 1, "Reply" = @reply, "Outcome" = @outcome, "RepliedAt" = @now
        WHERE "Key" = @key AND "State" = 0
        """;

    /// <summary>What the redeliveries remembered in memory changed (<see cref="LedgerRedeliveries"/>), written with the settlement.</summary>
    private const string SeenSql = """
        UPDATE "Deliveries" SET "Count" = "Count" + @extra,
            "LastSeenAt" = CASE WHEN @seen > "LastSeenAt" THEN @seen ELSE "LastSeenAt" END
        WHERE "Key" = @key
        """;

    private const string WinnerSql = """SELECT "Reply" FROM "Deliveries" WHERE "Key" = @key""";

    /// <summary>
    /// The follower's latest answered question (their latest turn) when its reply was settled after the last delivery
    /// seen had stopped waiting. "LastSeenAt" moves on when a delivery comes or a "继续" hands the reply out. A partial
    /// reply is settled by the last delivery itself at its deadline, up to a fraction of a second past the hold: only
    /// one whose delivery was abandoned (which moved "LastSeenAt" back by more than the hold) is further than
    /// <see cref="PartialUnreadMarginMs"/> past it.
    /// </summary>
    private static readonly string UnreadAnswerSql = $"""
        SELECT d."Key", d."Reply", d."Outcome" FROM "Deliveries" d
        WHERE d."Key" = (SELECT t."MessageKey" FROM "Turns" t WHERE t."OpenId" = @openId ORDER BY t."Id" DESC LIMIT 1)
          AND ((d."Outcome" = {(int)ReplyOutcome.Answered} AND d."RepliedAt" > d."LastSeenAt" + @holdMs)
            OR (d."Outcome" = {(int)ReplyOutcome.Partial} AND d."RepliedAt" > d."LastSeenAt" + @holdMs + {PartialUnreadMarginMs}))
        """;

    /// <summary>
    /// Failing that, the earliest reply to "继续" since the follower's latest question that no delivery can have shown
    /// (WeChat gave up on its "继续": marked abandoned): the part it took, or the answer it read, is what comes next.
    /// </summary>
    private static readonly string UnreadContinuedSql = $"""
        SELECT d."Key", d."Reply", d."Outcome" FROM "Deliveries" d
        WHERE d."OpenId" = @openId AND d."Outcome" = {(int)ReplyOutcome.Continued}
          AND d."FirstSeenAt" >= COALESCE((SELECT q."FirstSeenAt" FROM "Deliveries" q
            WHERE q."Key" = (SELECT t."MessageKey" FROM "Turns" t WHERE t."OpenId" = @openId ORDER BY t."Id" DESC LIMIT 1)), 0)
          AND d."RepliedAt" > d."LastSeenAt" + @holdMs
        ORDER BY d."FirstSeenAt" LIMIT 1
        """;

    /// <summary>How far past the hold (ms) a partial reply must have been settled to count as unread (see <see cref="UnreadAnswerSql"/>).</summary>
    private const long PartialUnreadMarginMs = 1000;

    private const string MarkReadSql = """UPDATE "Deliveries" SET "LastSeenAt" = @now WHERE "Key" = @key""";

    /// <summary>
    /// Only while no later delivery was recorded (which moved "LastSeenAt" on). WeChat delivers again only after it gave
    /// up on a delivery, so when its latest is abandoned none showed the reply — also one settled before that delivery
    /// was read (in a crowd the delivery can be read, find the reply settled, and still be too late to carry it): the
    /// mark goes back from the earlier of the two moments.
    /// </summary>
    private const string AbandonedSql = """
        UPDATE "Deliveries" SET "LastSeenAt" =
            (CASE WHEN "RepliedAt" IS NOT NULL AND "RepliedAt" < "LastSeenAt" THEN "RepliedAt" ELSE "LastSeenAt" END) - @holdMs - 1
        WHERE "Key" = @key AND "LastSeenAt" = @seenAt
        """;

    public async Task<DeliveryRecord> RecordAsync(MessageKey key, string openId, string kind, DateTimeOffset now, string owner, string? query, bool late, CancellationToken cancellationToken)
    {
        if (redeliveries.Begin(key, owner, now, out var remembered) is not { } entry)
        {
            // A redelivery of work this life owns, not settled yet: a lookup, no write (written with the settlement).
            return remembered!;
        }

        DeliveryRecord record;
        try
        {
            record = await RecordInDatabaseAsync(key, openId, kind, now, owner, query, late, cancellationToken);
        }
        catch
        {
            redeliveries.Written(key, entry, null, owner, now);
            throw;
        }

        return redeliveries.Written(key, entry, record, owner, now)!;
    }

    private async Task<DeliveryRecord> RecordInDatabaseAsync(MessageKey key, string openId, string kind, DateTimeOffset now, string owner, string? query, bool late, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await Record(key, openId, kind, now, owner, query, late, cancellationToken);
            }
            catch (System.Data.Common.DbException ex) when (IsQueryReused(ex))
            {
                if (attempt == 0 && database.IsPostgreSql)
                {
                    // Two deliveries of one message at the same moment: PostgreSQL may check the query's unique index
                    // before the key's, and fail the second while the first commits. Once it has, the key conflicts.
                    continue;
                }

                // A unique violation on the query: it carried another message first.
                throw new SignedQueryReusedException();
            }
        }
    }

    private Task<DeliveryRecord> Record(MessageKey key, string openId, string kind, DateTimeOffset now, string owner, string? query, bool late, CancellationToken cancellationToken) =>
        writer.ExecuteSingleAsync(
            batch =>
            {
                var command = batch.Command(RecordSql);
                command.Bind("@key", key.Value);
                command.Bind("@openId", openId);
                command.Bind("@kind", kind);
                command.Bind("@now", now.ToUnixTimeMilliseconds());
                command.Bind("@owner", owner);
                command.Bind("@query", (object?)query ?? DBNull.Value);
                command.Bind("@late", late ? 1 : 0);
                using var reader = command.ExecuteReader();
                reader.Read();
                return new LedgerRow
                {
                    Count = reader.GetInt32(0),
                    FirstSeenAt = reader.GetInt64(1),
                    Owner = reader.IsDBNull(2) ? null : reader.GetString(2),
                    Reply = reader.IsDBNull(3) ? null : reader.GetString(3),
                }.ToRecord(key);
            },
            cancellationToken);

    public async Task<Settled> SettleAsync(Settlement settlement, CancellationToken cancellationToken)
    {
        var json = ReplyJson.Serialize(settlement.Reply);
        var seen = redeliveries.Settling(settlement.Key);
        var settled = await Settle(settlement, json, seen, cancellationToken);
        redeliveries.Settled(settlement.Key);
        if (!settled.Conflict)
        {
            signals.Settled(settlement.Key, settled.Winner);
        }

        return settled;
    }

    private Task<Settled> Settle(Settlement settlement, string json, LedgerRedeliveries.Seen? seen, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(
            batch =>
            {
                if (seen is not null)
                {
                    var count = batch.Command(SeenSql);
                    count.Bind("@key", settlement.Key.Value);
                    count.Bind("@extra", seen.Extra);
                    count.Bind("@seen", seen.LastSeen);
                    count.ExecuteNonQuery();
                }

                // Only a take can undo the reply it came with: other settlements need no savepoint.
                using var savepoint = settlement.Take is null ? null : batch.Savepoint();
                var update = batch.Command(SettleSql);
                update.Bind("@key", settlement.Key.Value);
                update.Bind("@reply", json);
                update.Bind("@outcome", (int)settlement.Outcome);
                update.Bind("@now", settlement.At.ToUnixTimeMilliseconds());
                var won = update.ExecuteNonQuery() == 1;
                if (won && settlement.Take is { } take && !Keeps.Take(batch.Command, take))
                {
                    savepoint!.Rollback();
                    return new Settled(settlement.Reply, Won: false, Kept: null, Conflict: true);
                }

                if (won && settlement.Reads is { } read)
                {
                    var mark = batch.Command(MarkReadSql);
                    mark.Bind("@key", read.Value);
                    mark.Bind("@now", settlement.At.ToUnixTimeMilliseconds());
                    mark.ExecuteNonQuery();
                }

                if (won && database.IsPostgreSql)
                {
                    // Delivered to every instance's listener when this transaction commits, not before.
                    batch.Command(NotifySql).Bind("@key", settlement.Key.Value).ExecuteNonQuery();
                }

                var winner = won ? settlement.Reply : Winner(batch, settlement.Key);
                var keep = won ? settlement.IfWon : settlement.IfLost?.Invoke(winner);
                if (keep is not null)
                {
                    Keeps.Apply(batch.Command, keep, settlement.At);
                }

                return new Settled(winner, won, keep);
            },
            cancellationToken);

    public async Task<Reply?> WaitForReplyAsync(MessageKey key, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (!database.IsPostgreSql)
        {
            return await signals.WaitAsync(key, until, cancellationToken);
        }

        // Several instances: the reply may be settled by another one — woken by its NOTIFY, else found by a read.
        while (true)
        {
            var step = clock.GetUtcNow() + RemotePoll;
            var next = step < until ? step : until;
            if (await signals.WaitAsync(key, next, cancellationToken) is { } reply)
            {
                return reply;
            }

            if (await SettledReplyAsync(key, cancellationToken) is { } settled)
            {
                signals.Settled(key, settled);
                return settled;
            }

            if (next >= until)
            {
                return null;
            }
        }
    }

    /// <summary>The key's settled reply in the database, or null while it has none.</summary>
    public Task<Reply?> SettledReplyAsync(MessageKey key, CancellationToken cancellationToken) =>
        reads.ReadAsync(session => session.Command(SettledReplySql).Bind("@key", key.Value).ExecuteScalar() is string json ? ReplyJson.Deserialize(json) : null, cancellationToken);

    public async Task<DeliveryRecord?> FindAsync(MessageKey key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database.SqlQuery<LedgerRow>(
            $"""SELECT "Count", "FirstSeenAt", "Owner", "Reply" FROM "Deliveries" WHERE "Key" = {key.Value}""")
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        // The row, with the redeliveries remembered here that it will have once the message is settled.
        var record = rows[0].ToRecord(key);
        return record with { Count = record.Count + redeliveries.Unwritten(key) };
    }

    public Task<UnreadAnswer?> FindUnreadAnswerAsync(string openId, TimeSpan hold, CancellationToken cancellationToken) =>
        reads.ReadAsync(
            connection => Unread(connection, UnreadAnswerSql, openId, hold) ?? Unread(connection, UnreadContinuedSql, openId, hold),
            cancellationToken);

    private static UnreadAnswer? Unread(IStatementSession connection, string sql, string openId, TimeSpan hold)
    {
        var command = connection.Command(sql);
        command.Bind("@openId", openId);
        command.Bind("@holdMs", (long)hold.TotalMilliseconds);
        using var reader = command.ExecuteReader();
        // An answer's text, or its drawn image (a voice's text goes with 继续 as text: its rest is there).
        return reader.Read() && !reader.IsDBNull(1) && ReplyJson.Deserialize(reader.GetString(1)) is (TextReply or ImageReply) and var reply
            ? new UnreadAnswer(MessageKey.Parse(reader.GetString(0)), reply, Partial: reader.GetInt32(2) == (int)ReplyOutcome.Partial)
            : null;
    }

    public Task AbandonedAsync(MessageKey key, DateTimeOffset seenAt, TimeSpan hold, CancellationToken cancellationToken) =>
        redeliveries.TryAbandon(key, seenAt, hold) ? Task.CompletedTask : writer.ExecuteSingleAsync(
            batch =>
            {
                var command = batch.Command(AbandonedSql);
                command.Bind("@key", key.Value);
                command.Bind("@seenAt", seenAt.ToUnixTimeMilliseconds());
                command.Bind("@holdMs", (long)hold.TotalMilliseconds);
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Deliveries.Where(d => d.FirstSeenAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>SQLite's SQLITE_CONSTRAINT_UNIQUE (2067) or PostgreSQL's 23505, on the signed query's unique index.</summary>
    private static bool IsQueryReused(System.Data.Common.DbException ex) => ex switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067 && sqlite.Message.Contains("Deliveries.Query", StringComparison.Ordinal),
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && postgres.ConstraintName == "IX_Deliveries_Query",
        _ => false,
    };

    private static Reply Winner(IStatementBatch batch, MessageKey key)
    {
        var select = batch.Command(WinnerSql);
        select.Bind("@key", key.Value);
        return select.ExecuteScalar() is string json
            ? ReplyJson.Deserialize(json)
            : throw new InvalidOperationException($"A reply was settled for {key}, which was never recorded.");
    }

    /// <summary>What the ledger statements return.</summary>
    internal sealed class LedgerRow
    {
        public int Count { get; set; }

        public long FirstSeenAt { get; set; }

        public string? Owner { get; set; }

        public string? Reply { get; set; }

        public DeliveryRecord ToRecord(MessageKey key) => new(
            key,
            Count,
            DateTimeOffset.FromUnixTimeMilliseconds(FirstSeenAt),
            Owner,
            Reply is null ? null : ReplyJson.Deserialize(Reply));
    }
}
