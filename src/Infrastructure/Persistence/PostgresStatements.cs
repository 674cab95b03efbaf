using System.Data.Common;
using Npgsql;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// The hot path's statements on PostgreSQL: each write operation in a transaction on a pooled connection of its
/// own (PostgreSQL's row locks let concurrent writers run together, so there is no group commit), each read on a
/// pooled connection. A caller's deadline that passes while no connection could be had (the server is unreachable or
/// the pool is exhausted) fails the operation as busy, before anything of it ran.
/// </summary>
internal sealed class PostgresStatements(NpgsqlDataSource dataSource, StorageHealth health) : IStatementWriter, IStatementReader
{
    public async Task<T> ExecuteAsync<T>(Func<IStatementBatch, T> operation, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var result = operation(new Batch(connection, transaction));
        await transaction.CommitAsync(CancellationToken.None);
        return result;
    }

    public async Task<T> ExecuteSingleAsync<T>(Func<IStatementBatch, T> operation, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return operation(new Batch(connection, transaction: null));
    }

    public async Task<T> ReadAsync<T>(Func<IStatementSession, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return read(new Session(connection));
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            health.Reachable();
            return connection;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new StorageBusyException(TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            health.Unreachable();
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
