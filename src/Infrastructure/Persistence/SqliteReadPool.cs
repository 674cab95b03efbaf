using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// The hot reads of the reply path (a follower's open conversation, its latest turns, an open continuation): a
/// bounded pool of SQLite connections, each keeping its statements prepared. Compared with a context per read,
/// no statement is parsed again, no context is built, and the number of connections (each holding the database
/// and its WAL and shared-memory files open) stays capped however many followers wait: a read beyond the cap
/// waits its turn for a connection. Reads are short and synchronous (WAL: a reader never waits for a writer).
/// </summary>
internal sealed class SqliteReadPool(IServiceScopeFactory scopes) : IStatementReader, IDisposable
{
    /// <summary>Connections at most: reads are CPU-bound and short, and two cores cannot run more than a few.</summary>
    public const int MaxConnections = 16;

    private readonly SemaphoreSlim _turns = new(MaxConnections, MaxConnections);
    private readonly ConcurrentBag<Reader> _idle = [];
    private readonly ConcurrentBag<Reader> _all = [];
    private string? _connectionString;

    /// <summary>Open connections now (for tests and health).</summary>
    public int Opened => _all.Count;

    public Task<T> ReadAsync<T>(Func<IStatementSession, T> read, CancellationToken cancellationToken) =>
        ReadAsync<T>((Reader reader) => read(reader), cancellationToken);

    public async Task<T> ReadAsync<T>(Func<Reader, T> read, CancellationToken cancellationToken)
    {
        await _turns.WaitAsync(cancellationToken);

        try
        {
            var reader = _idle.TryTake(out var idle) ? idle : Open();
            try
            {
                return read(reader);
            }
            finally
            {
                _idle.Add(reader);
            }
        }
        finally
        {
            _turns.Release();
        }
    }

    private Reader Open()
    {
        if (_connectionString is null)
        {
            using var scope = scopes.CreateScope();
            _connectionString = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString();
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var reader = new Reader(connection);
        _all.Add(reader);
        return reader;
    }

    public void Dispose()
    {
        foreach (var reader in _all)
        {
            reader.Dispose();
        }

        _turns.Dispose();
    }

    /// <summary>One pooled connection and its prepared statements (used by one read at a time).</summary>
    internal sealed class Reader(SqliteConnection connection) : IStatementSession, IDisposable
    {
        private readonly PreparedCommands _prepared = new(connection);

        public SqliteCommand Command(string sql) => _prepared.For(sql);

        System.Data.Common.DbCommand IStatementSession.Command(string sql) => Command(sql);

        public void Dispose()
        {
            _prepared.Dispose();
            connection.Dispose();
        }
    }
}
