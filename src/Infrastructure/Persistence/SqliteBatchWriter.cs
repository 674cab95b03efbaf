using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SQLitePCL;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Common.Metrics;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// Group commit for the hot-path writes (ledger, settlements, followers, turns): one dedicated connection with
/// prepared statements, fed by a queue. The writer runs whatever is pending in one transaction and completes each
/// caller only after the commit — same durability as a write of its own, a fraction of the cost: SQLite appends
/// each changed page to the WAL once per transaction, not once per statement.
/// <para>
/// When another process holds the database's write lock (a backup, a <c>sqlite3</c> shell in a transaction), the
/// writer keeps trying to begin its transaction. A write whose caller gave a deadline (a delivery: WeChat hangs up
/// at 5 s) fails with <see cref="StorageBusyException"/> when that deadline passes before it could run; a write
/// without one (an answer being stored) waits until the lock is released — nothing is lost.
/// </para>
/// </summary>
public sealed class SqliteBatchWriter : IStatementWriter, IAsyncDisposable
{
    private const int MaxBatch = 256;
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(20);

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private PreparedCommands? _prepared;
    private readonly IServiceProvider _services;
    private readonly SqliteWriteGate _gate;
    private readonly StorageHealth _health;
    private readonly WeChatGptMetrics _metrics;
    private readonly ILogger<SqliteBatchWriter> _logger;
    private readonly Lazy<Task> _loop;
    private SqliteConnection? _connection;
    private volatile bool _disposing;

    public SqliteBatchWriter(IServiceProvider services, SqliteWriteGate gate, StorageHealth health, WeChatGptMetrics metrics, ILogger<SqliteBatchWriter> logger)
    {
        _services = services;
        _gate = gate;
        _health = health;
        _metrics = metrics;
        _logger = logger;
        _loop = new Lazy<Task>(() => Task.Run(RunAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> in the next batch; completes after its transaction committed. When
    /// <paramref name="cancellationToken"/> fires before the operation ran (the database stayed locked), it never
    /// runs and the task fails with <see cref="StorageBusyException"/>; once it runs, it completes as it went.
    /// </summary>
    public Task<T> ExecuteAsync<T>(Func<IStatementBatch, T> operation, CancellationToken cancellationToken = default) =>
        ExecuteAsync<T>((Batch batch) => operation(batch), cancellationToken);

    /// <inheritdoc cref="ExecuteAsync{T}(Func{IStatementBatch, T}, CancellationToken)"/>
    public Task<T> ExecuteAsync<T>(Func<Batch, T> operation, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new Item<T>(operation, cancellationToken);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(item), this);

        _ = _loop.Value;
        return item.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Item>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            Take(batch);
            using (await _gate.EnterAsync(CancellationToken.None))
            {
                if (await BeginAsync(batch) && !TryRunTogether(batch))
                {
                    // One of them failed: run each in its own transaction so that only it fails.
                    foreach (var item in batch)
                    {
                        if (await BeginAsync([item]))
                        {
                            RunAlone(item);
                        }
                    }
                }
            }

            batch.Clear();
        }
    }

    private void Take(List<Item> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }
    }

    /// <summary>
    /// Begins the write transaction (<c>BEGIN IMMEDIATE</c>), waiting while another connection holds the lock:
    /// meanwhile writes whose deadline passed fail as busy, and new ones join the wait. When every waiting write
    /// gave up, it keeps watching for the release, so that storage is known healthy again as soon as it is (not
    /// at the next write). False when no write is left to run.
    /// </summary>
    private async Task<bool> BeginAsync(List<Item> batch)
    {
        var connection = Connection();
        Stopwatch? blocked = null;
        while (true)
        {
            var rc = raw.sqlite3_exec(connection.Handle, "BEGIN IMMEDIATE");
            if (rc == raw.SQLITE_OK)
            {
                if (blocked is not null)
                {
                    _health.Resumed(blocked.Elapsed);
                    _metrics.StorageBlocked(blocked.Elapsed);
                }

                if (batch.Count == 0)
                {
                    // Only watching for the lock's release (every write waiting gave up): nothing to run.
                    raw.sqlite3_exec(connection.Handle, "ROLLBACK");
                    return false;
                }

                return true;
            }

            if (rc is not (raw.SQLITE_BUSY or raw.SQLITE_LOCKED))
            {
                SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            }

            if (blocked is null)
            {
                blocked = Stopwatch.StartNew();
                _health.Blocked();
            }

            foreach (var expired in batch.Where(i => i.Deadline.IsCancellationRequested).ToList())
            {
                batch.Remove(expired);
                _metrics.StorageBusy();
                _health.GaveUp(blocked.Elapsed);
                expired.Fail(new StorageBusyException(blocked.Elapsed));
            }

            if (batch.Count == 0 && _disposing)
            {
                _health.Resumed(blocked.Elapsed, stillBlocked: true);
                return false;
            }

            await Task.Delay(BusyPause);
            Take(batch);
        }
    }

    private bool TryRunTogether(List<Item> batch)
    {
        var context = new Batch(this, Connection());
        try
        {
            foreach (var item in batch)
            {
                item.Run(context);
            }

            context.Execute("COMMIT");
        }
        catch (Exception) when (batch.Count > 1)
        {
            context.Execute("ROLLBACK");
            return false;
        }
        catch (Exception ex)
        {
            context.Execute("ROLLBACK");
            batch.ForEach(i => i.Fail(ex));
            return true;
        }

        batch.ForEach(i => i.Complete());
        return true;
    }

    private void RunAlone(Item item)
    {
        var context = new Batch(this, Connection());
        try
        {
            item.Run(context);
            context.Execute("COMMIT");
            item.Complete();
        }
        catch (Exception ex)
        {
            context.Execute("ROLLBACK");
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
            // The writer waits for a lock itself (BeginAsync), so that it can give up per write: SQLite's own busy
            // wait stays off on this connection.
            raw.sqlite3_busy_timeout(_connection.Handle, 0);
            using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }

        return _connection;
    }

    private SqliteCommand Prepared(SqliteConnection connection, string sql) => (_prepared ??= new PreparedCommands(connection)).For(sql);

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        _queue.Writer.TryComplete();
        if (_loop.IsValueCreated)
        {
            await _loop.Value;
        }

        _prepared?.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>
    /// What an operation gets: prepared commands on the writer's connection, inside the batch's transaction (begun
    /// and ended by the writer), and a savepoint of its own when it may decide not to happen.
    /// </summary>
    public sealed class Batch(SqliteBatchWriter writer, SqliteConnection connection) : IStatementBatch
    {
        public SqliteCommand Command(string sql) => writer.Prepared(connection, sql);

        System.Data.Common.DbCommand IStatementBatch.Command(string sql) => Command(sql);

        IStatementSavepoint IStatementBatch.Savepoint() => Savepoint();

        /// <summary>Opens a savepoint; <see cref="Savepoint.Dispose"/> keeps what was written after it unless it was rolled back.</summary>
        public Savepoint Savepoint()
        {
            Execute("SAVEPOINT operation");
            return new Savepoint(this);
        }

        internal void Execute(string sql)
        {
            var rc = raw.sqlite3_exec(connection.Handle, sql);
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            }
        }
    }

    /// <summary>An operation's own part of the batch's transaction.</summary>
    public sealed class Savepoint(Batch batch) : IStatementSavepoint
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

    private abstract class Item(CancellationToken deadline)
    {
        /// <summary>Fires when the caller no longer waits for a write that has not run.</summary>
        public CancellationToken Deadline { get; } = deadline;

        public abstract void Run(Batch batch);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Item<T>(Func<Batch, T> operation, CancellationToken deadline) : Item(deadline)
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(Batch batch) => _result = operation(batch);

        public override void Complete() => Completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}
