using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// Group commit for the hot-path writes (ledger, followers, turns): one dedicated connection with prepared
/// statements, fed by a queue. The writer runs whatever is pending in one transaction and completes each
/// caller only after the commit — same durability as a write of its own, a fraction of the cost: SQLite
/// appends each changed page to the WAL once per transaction, not once per statement.
/// </summary>
public sealed class SqliteBatchWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly SqliteWriteGate _gate;
    private readonly ILogger<SqliteBatchWriter> _logger;
    private readonly Lazy<Task> _loop;
    private SqliteConnection? _connection;

    public SqliteBatchWriter(IServiceProvider services, SqliteWriteGate gate, ILogger<SqliteBatchWriter> logger)
    {
        _services = services;
        _gate = gate;
        _logger = logger;
        _loop = new Lazy<Task>(() => Task.Run(RunAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Runs <paramref name="operation"/> in the next batch; completes after its transaction committed.</summary>
    public Task<T> ExecuteAsync<T>(Func<Batch, T> operation, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new Item<T>(operation);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(item), this);

        _ = _loop.Value;
        return item.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Item>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            using (await _gate.EnterAsync(CancellationToken.None))
            {
                if (!TryRunTogether(batch))
                {
                    // One of them failed: run each in its own transaction so that only it fails.
                    foreach (var item in batch)
                    {
                        RunAlone(item);
                    }
                }
            }

            batch.Clear();
        }
    }

    private bool TryRunTogether(List<Item> batch)
    {
        var connection = Connection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var context = new Batch(this, connection, transaction);
        try
        {
            foreach (var item in batch)
            {
                item.Run(context);
            }

            transaction.Commit();
        }
        catch (Exception) when (batch.Count > 1)
        {
            transaction.Rollback();
            return false;
        }
        catch (Exception ex)
        {
            transaction.Rollback();
            batch.ForEach(i => i.Fail(ex));
            return true;
        }

        batch.ForEach(i => i.Complete());
        return true;
    }

    private void RunAlone(Item item)
    {
        var connection = Connection();
        using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            item.Run(new Batch(this, connection, transaction));
            transaction.Commit();
            item.Complete();
        }
        catch (Exception ex)
        {
            transaction.Rollback();
            _logger.LogWarning("A batched write failed: {ErrorType}: {Error}", ex.GetType().Name, ex.Message);
            item.Fail(ex);
        }
    }

    private SqliteConnection Connection()
    {
        if (_connection is null)
        {
            using var scope = _services.CreateScope();
            var connectionString = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString();
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }

        return _connection;
    }

    private SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _prepared[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop.IsValueCreated)
        {
            await _loop.Value;
        }

        foreach (var command in _prepared.Values)
        {
            await command.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>
    /// What an operation gets: prepared commands on the writer's connection, inside the batch's transaction, and a
    /// savepoint of its own, so that an operation that decides not to happen undoes its statements only.
    /// </summary>
    public sealed class Batch(SqliteBatchWriter writer, SqliteConnection connection, SqliteTransaction transaction)
    {
        public SqliteCommand Command(string sql) => writer.Prepared(connection, transaction, sql);

        /// <summary>Opens a savepoint; <see cref="Savepoint.Dispose"/> keeps what was written after it unless it was rolled back.</summary>
        public Savepoint Savepoint()
        {
            Execute("SAVEPOINT operation");
            return new Savepoint(this);
        }

        internal void Execute(string sql)
        {
            var command = Command(sql);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>An operation's own part of the batch's transaction.</summary>
    public sealed class Savepoint(Batch batch) : IDisposable
    {
        private bool _done;

        /// <summary>Undoes what the operation wrote since the savepoint; the rest of the batch is untouched.</summary>
        public void Rollback()
        {
            if (!_done)
            {
                batch.Execute("ROLLBACK TO operation");
                batch.Execute("RELEASE operation");
                _done = true;
            }
        }

        public void Dispose()
        {
            if (!_done)
            {
                batch.Execute("RELEASE operation");
                _done = true;
            }
        }
    }

    private abstract class Item
    {
        public abstract void Run(Batch batch);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Item<T>(Func<Batch, T> operation) : Item
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(Batch batch) => _result = operation(batch);

        public override void Complete() => Completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}
