using System.Data.Common;
using Npgsql;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// The hot path's statements on PostgreSQL: each write operation in a transaction on a pooled connection of its
/// own (PostgreSQL's row locks let concurrent writers run together, so there is no group commit), each read on a
/// pooled connection. A caller's deadline that passes while no connection could be had (the server is unreachable or
/// the pool is exhausted) fails the operation as busy, before anything of it ran.
/// <para>
/// An operation's statements run synchronously (the same operations as on SQLite), so each one in progress holds a
/// thread for its round trips. A crowd would block as many threads as the pool has connections and starve the thread
/// pool — the webhook then answers nobody in time. So at most <see cref="Concurrency"/> operations run at once; the
/// others wait for their turn asynchronously (holding no thread), in order, within their deadline; and the thread
/// pool keeps enough threads for those that run and for everything else.
/// </para>
/// </summary>
internal sealed class PostgresStatements : IStatementWriter, IStatementReader, IDisposable
{
    /// <summary>Operations in progress at most: enough to keep the server busy, few enough never to starve the thread pool.</summary>
    public static readonly int Concurrency = Math.Max(8, 4 * Environment.ProcessorCount);

    private readonly NpgsqlDataSource _dataSource;
    private readonly StorageHealth _health;
    private readonly SemaphoreSlim _turns = new(Concurrency, Concurrency);

    public PostgresStatements(NpgsqlDataSource dataSource, StorageHealth health)
    {
        _dataSource = dataSource;
        _health = health;
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var needed = Concurrency + (2 * Environment.ProcessorCount);
        if (workers < needed)
        {
            ThreadPool.SetMinThreads(needed, completionPorts);
        }
    }

    public Task<T> ExecuteAsync<T>(Func<IStatementBatch, T> operation, CancellationToken cancellationToken = default) =>
        InTurnAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
                var result = operation(new Batch(connection, transaction));
                await transaction.CommitAsync(CancellationToken.None);
                return result;
            },
            cancellationToken);

    public Task<T> ExecuteSingleAsync<T>(Func<IStatementBatch, T> operation, CancellationToken cancellationToken = default) =>
        InTurnAsync(connection => Task.FromResult(operation(new Batch(connection, transaction: null))), cancellationToken);

    public Task<T> ReadAsync<T>(Func<IStatementSession, T> read, CancellationToken cancellationToken) =>
        InTurnAsync(connection => Task.FromResult(read(new Session(connection))), cancellationToken);

    public void Dispose() => _turns.Dispose();

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection once it has a turn. A deadline that passes while it waits for
    /// its turn or for a connection fails it as busy, before anything of it ran.
    /// </summary>
    private async Task<T> InTurnAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await _turns.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new StorageBusyException(TimeSpan.Zero);
        }

        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(connection);
        }
        finally
        {
            _turns.Release();
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            _health.Reachable();
            return connection;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new StorageBusyException(TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            _health.Unreachable();
            throw;
        }
    }

    private sealed class Batch(NpgsqlConnection connection, NpgsqlTransaction? transaction) : IStatementBatch
    {
        private int _savepoints;

        public DbCommand Command(string sql) => new NpgsqlCommand(sql, connection, transaction);

        public IStatementSavepoint Savepoint()
        {
            if (transaction is null)
            {
                throw new InvalidOperationException("A single-statement operation has no savepoints.");
            }

            var name = $"operation{++_savepoints}";
            transaction.Save(name);
            return new Point(transaction, name);
        }
    }

    private sealed class Point(NpgsqlTransaction transaction, string name) : IStatementSavepoint
    {
        private bool _done;

        public void Rollback()
        {
            if (!_done)
            {
                transaction.Rollback(name);
                _done = true;
            }
        }

        public void Dispose()
        {
            if (!_done)
            {
                transaction.Release(name);
                _done = true;
            }
        }
    }

    private sealed class Session(NpgsqlConnection connection) : IStatementSession
    {
        public DbCommand Command(string sql) => new NpgsqlCommand(sql, connection);
    }
}
