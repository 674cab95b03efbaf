using Npgsql;

namespace WeChatGpt.Infrastructure.WeChat.Api;

/// <summary>
/// Where the access token is shared between instances. Alone (SQLite) there is nothing to share; on PostgreSQL the
/// current token is a row every instance reads, and a refresh happens under an advisory lock, so that one instance
/// refreshes and the others take its token — a <c>force_refresh</c> on one instance would otherwise invalidate the
/// token the others hold, and a 40001 on both would refresh twice.
/// </summary>
internal interface ISharedAccessToken
{
    /// <summary>The shared current token, if one is stored.</summary>
    Task<(string Token, DateTimeOffset ExpiresAt)?> ReadAsync(string appId, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="refresh"/> while no other instance refreshes (given the token stored when the lock was had), and stores what it returns.</summary>
    Task<(string Token, DateTimeOffset ExpiresAt)> RefreshAsync(
        string appId,
        Func<(string Token, DateTimeOffset ExpiresAt)?, Task<(string Token, DateTimeOffset ExpiresAt)>> refresh,
        CancellationToken cancellationToken);
}

/// <summary>One instance: the token lives in its process only.</summary>
internal sealed class LocalAccessToken : ISharedAccessToken
{
    public Task<(string Token, DateTimeOffset ExpiresAt)?> ReadAsync(string appId, CancellationToken cancellationToken) =>
        Task.FromResult<(string, DateTimeOffset)?>(null);

    public Task<(string Token, DateTimeOffset ExpiresAt)> RefreshAsync(
        string appId,
        Func<(string Token, DateTimeOffset ExpiresAt)?, Task<(string Token, DateTimeOffset ExpiresAt)>> refresh,
        CancellationToken cancellationToken) => refresh(null);
}

/// <summary>The token in PostgreSQL (table <c>AccessTokens</c>), refreshed under <c>pg_advisory_xact_lock</c> of the app id.</summary>
internal sealed class PostgresAccessToken(NpgsqlDataSource dataSource) : ISharedAccessToken
{
    private const string ReadSql = """SELECT "Token", "ExpiresAt" FROM "AccessTokens" WHERE "AppId" = @appId""";

    private const string StoreSql = """
        INSERT INTO "AccessTokens" ("AppId", "Token", "ExpiresAt") VALUES (@appId, @token, @expiresAt)
        ON CONFLICT ("AppId") DO UPDATE SET "Token" = excluded."Token", "ExpiresAt" = excluded."ExpiresAt"
        """;

    public async Task<(string Token, DateTimeOffset ExpiresAt)?> ReadAsync(string appId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, appId, cancellationToken);
    }

    public async Task<(string Token, DateTimeOffset ExpiresAt)> RefreshAsync(
        string appId,
        Func<(string Token, DateTimeOffset ExpiresAt)?, Task<(string Token, DateTimeOffset ExpiresAt)>> refresh,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var @lock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@appId, 11))", connection, transaction))
        {
            @lock.Parameters.AddWithValue("appId", "wechat-token:" + appId);
            await @lock.ExecuteNonQueryAsync(cancellationToken);
        }

        var stored = await ReadAsync(connection, appId, cancellationToken);
        var current = await refresh(stored);
        if (stored is not { } s || s.Token != current.Token)
        {
            await using var store = new NpgsqlCommand(StoreSql, connection, transaction);
            store.Parameters.AddWithValue("appId", appId);
            store.Parameters.AddWithValue("token", current.Token);
            store.Parameters.AddWithValue("expiresAt", current.ExpiresAt.ToUnixTimeMilliseconds());
            await store.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return current;
    }

    private static async Task<(string Token, DateTimeOffset ExpiresAt)?> ReadAsync(NpgsqlConnection connection, string appId, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(ReadSql, connection);
        read.Parameters.AddWithValue("appId", appId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))) : null;
    }
}
