using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Infrastructure.Messaging;
using WeChatGpt.Infrastructure.Persistence;

namespace WeChatGpt.Infrastructure.Protection;

/// <summary>
/// The per-follower limits on a shared PostgreSQL, counted across every instance: the one-minute budget (one row per
/// follower: the window's start and the permits taken in it, taken by one conditional upsert, so that two instances
/// never both take the last permit; a refusal takes none) and the one question in flight (a lease row; a lease is free again when released, when
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

    /// <summary>
    /// One statement: a new window when the last one is over, else one more permit while some are left. No row comes
    /// back when none is left.
    /// </summary>
    private const string TakeSql = """
        INSERT INTO "RateWindows" ("Key", "Start", "Taken") VALUES (@key, @now, 1)
        ON CONFLICT ("Key") DO UPDATE SET
            "Start" = CASE WHEN "RateWindows"."Start" <= @cutoff THEN excluded."Start" ELSE "RateWindows"."Start" END,
            "Taken" = CASE WHEN "RateWindows"."Start" <= @cutoff THEN 1 ELSE "RateWindows"."Taken" + 1 END
        WHERE "RateWindows"."Start" <= @cutoff OR "RateWindows"."Taken" < @permits
        RETURNING "Taken"
        """;

    private const string WindowStartSql = """SELECT "Start" FROM "RateWindows" WHERE "Key" = @key""";

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
        return await writer.ExecuteSingleAsync(
            batch =>
            {
                var taken = batch.Command(TakeSql)
                    .Bind("@key", key).Bind("@now", now.ToUnixTimeMilliseconds())
                    .Bind("@cutoff", (now - Window).ToUnixTimeMilliseconds()).Bind("@permits", permits)
                    .ExecuteScalar();
                if (taken is not null)
                {
                    return RateLimitDecision.Allow;
                }

                var start = DateTimeOffset.FromUnixTimeMilliseconds((long)batch.Command(WindowStartSql).Bind("@key", key).ExecuteScalar()!);
                return new RateLimitDecision(false, start + Window - now);
            },
            cancellationToken);
    }

    public async ValueTask<IAsyncDisposable?> TryEnterAsync(string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lease = Guid.NewGuid().ToString("N");
        // Held at most as long as an answer may take, and a little more.
        var until = now + chat.CurrentValue.AnswerTimeout + TimeSpan.FromMinutes(1);
        var taken = await writer.ExecuteSingleAsync(
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
                await writer.ExecuteSingleAsync(batch => batch.Command(LeaveSql).Bind("@key", key).Bind("@lease", lease).ExecuteNonQuery(), CancellationToken.None);
            }
        }
    }
}
