using System.Net;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.Application.Protection;
using WeChatGpt.Infrastructure.Persistence;

namespace WeChatGpt.Infrastructure.Protection;

/// <summary>Refused credentials per address in the shared PostgreSQL (table <c>AuthFailures</c>): every instance counts the same failures.</summary>
internal sealed class PostgresAuthFailures(IStatementWriter writer, IStatementReader reader, IOptionsMonitor<RateLimitOptions> options, TimeProvider clock) : IAuthFailures
{
    private const string CountSql = """SELECT count(*), min("At") FROM "AuthFailures" WHERE "Address" = @address AND "At" > @horizon""";

    private const string AddSql = """INSERT INTO "AuthFailures" ("Address", "At") VALUES (@address, @now)""";

    private const string ForgetSql = """DELETE FROM "AuthFailures" WHERE "Address" = @address AND "At" <= @horizon""";

    public async ValueTask<TimeSpan?> RetryAfterAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow();
        return await reader.ReadAsync<TimeSpan?>(
            session =>
            {
                using var result = session.Command(CountSql).Bind("@address", address.ToString()).Bind("@horizon", (now - o.AuthFailureWindow).ToUnixTimeMilliseconds()).ExecuteReader();
                result.Read();
                return result.GetInt64(0) >= o.AuthFailures
                    ? DateTimeOffset.FromUnixTimeMilliseconds(result.GetInt64(1)) + o.AuthFailureWindow - now
                    : null;
            },
            cancellationToken);
    }

    public async ValueTask FailedAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var horizon = (now - options.CurrentValue.AuthFailureWindow).ToUnixTimeMilliseconds();
        await writer.ExecuteAsync(
            batch =>
            {
                batch.Command(ForgetSql).Bind("@address", address.ToString()).Bind("@horizon", horizon).ExecuteNonQuery();
                return batch.Command(AddSql).Bind("@address", address.ToString()).Bind("@now", now.ToUnixTimeMilliseconds()).ExecuteNonQuery();
            },
            cancellationToken);
    }
}
