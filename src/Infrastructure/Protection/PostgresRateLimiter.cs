using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Infrastructure.Messaging;
using WeChatGpt.Infrastructure.Persistence;

namespace WeChatGpt.Infrastructure.Protection;

/// <summary>
/// The per-follower limits on a shared PostgreSQL, counted across every instance: the sliding one-minute budget (a
/// row per permit, counted and taken under a transaction-scoped advisory lock of the key, so that two instances never
/// both take the last permit) and the one question in flight (a lease row; a lease is free again when released, when
/// its time is up, or when the life that held it stopped beating).
/// </summary>
internal sealed class PostgresRateLimiter(
    IStatementWriter writer,
    IProcessLife life,
    IOptionsMonitor<RateLimitOptions> options,
    IOptionsMonitor<ChatOptions> chat,
    TimeProvider clock) : IRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended(@key, 7))";

    private const string ForgetSql = """DELETE FROM "RatePermits" WHERE "Key" = @key AND "At" <= @cutoff""";

    private const string RecentSql = """SELECT count(*), min("At") FROM "RatePermits" WHERE "Key" = @key""";

    private const string TakeSql = """INSERT INTO "RatePermits" ("Key", "At") VALUES (@key, @now)""";

    private const string EnterSql = """
        INSERT INTO "BusyKeys" ("Key", "Lease", "Life", "Until") VALUES (@key, @lease, @life, @until)
        ON CONFLICT ("Key") DO UPDATE SET "Lease" = excluded."Lease", "Life" = excluded."Life", "Until" = excluded."Until"
        WHERE "BusyKeys"."Until" < @now
           OR NOT EXISTS (SELECT 1 FROM "ProcessLives" p WHERE p."Id" = "BusyKeys"."Life" AND p."HeartbeatAt" > @stale)
        RETURNING "Lease"
        """;

    private const string LeaveSql = """DELETE FROM "BusyKeys" WHERE "Key" = @key AND "Lease" = @lease""";

    public async ValueTask<RateLimitDecision> TryAcquireAsync(string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var permits = options.CurrentValue.PermitsPerMinute;
        return await writer.ExecuteAsync(
            batch =>
            {
                batch.Command(LockSql).Bind("@key", key).ExecuteNonQuery();
                batch.Command(ForgetSql).Bind("@key", key).Bind("@cutoff", (now - Window).ToUnixTimeMilliseconds()).ExecuteNonQuery();
                using (var reader = batch.Command(RecentSql).Bind("@key", key).ExecuteReader())
                {
                    reader.Read();
                    if (reader.GetInt64(0) >= permits)
                    {
                        var oldest = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
                        return new RateLimitDecision(false, oldest + Window - now);
                    }
                }

                batch.Command(TakeSql).Bind("@key", key).Bind("@now", now.ToUnixTimeMilliseconds()).ExecuteNonQuery();
                return RateLimitDecision.Allow;
            },
            cancellationToken);
    }

    public async ValueTask<IAsyncDisposable?> TryEnterAsync(string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lease = Guid.NewGuid().ToString("N");
        // Held at most as long as an answer may take, and a little more.
        var until = now + chat.CurrentValue.AnswerTimeout + TimeSpan.FromMinutes(1);
        var taken = await writer.ExecuteAsync(
            batch => batch.Command(EnterSql)
                .Bind("@key", key).Bind("@lease", lease).Bind("@life", life.Id)
                .Bind("@until", until.ToUnixTimeMilliseconds()).Bind("@now", now.ToUnixTimeMilliseconds())
                .Bind("@stale", (now - PostgresProcessLife.Lease).ToUnixTimeMilliseconds())
                .ExecuteScalar() is string,
            cancellationToken);
        return taken ? new Lease(writer, key, lease) : null;
    }

    private sealed class Lease(IStatementWriter writer, string key, string lease) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                await writer.ExecuteAsync(batch => batch.Command(LeaveSql).Bind("@key", key).Bind("@lease", lease).ExecuteNonQuery(), CancellationToken.None);
            }
        }
    }
}
