using System.Data;
using System.Data.Common;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>Which database the service runs on (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The hot path's writes: each operation runs its hand-written statements inside a transaction the writer begins and
/// commits (SQLite: group-committed on one connection; PostgreSQL: a pooled connection of its own), and completes
/// after the commit. When the caller's token fires before the operation could run (storage busy or unreachable), it
/// never runs and the task fails with <see cref="Application.Common.Exceptions.StorageBusyException"/>.
/// </summary>
public interface IStatementWriter
{
    Task<T> ExecuteAsync<T>(Func<IStatementBatch, T> operation, CancellationToken cancellationToken = default);

    /// <summary>
    /// An operation of one statement (atomic by itself): PostgreSQL runs it without a transaction around it, a round trip
    /// fewer; SQLite runs it in its batch like any other.
    /// </summary>
    Task<T> ExecuteSingleAsync<T>(Func<IStatementBatch, T> operation, CancellationToken cancellationToken = default) =>
        ExecuteAsync(operation, cancellationToken);
}

/// <summary>What a write operation gets: commands inside its transaction, and a savepoint when it may decide not to happen.</summary>
public interface IStatementBatch
{
    DbCommand Command(string sql);

    /// <summary>Opens a savepoint; disposing it keeps what was written after it unless <see cref="IStatementSavepoint.Rollback"/> ran.</summary>
    IStatementSavepoint Savepoint();
}

public interface IStatementSavepoint : IDisposable
{
    /// <summary>Undoes what the operation wrote since the savepoint; the rest of the transaction is untouched.</summary>
    void Rollback();
}

/// <summary>The hot path's reads: short synchronous statements on a pooled connection (prepared where the database keeps them).</summary>
public interface IStatementReader
{
    Task<T> ReadAsync<T>(Func<IStatementSession, T> read, CancellationToken cancellationToken);
}

public interface IStatementSession
{
    DbCommand Command(string sql);
}

/// <summary>Parameters and values the same way on both databases.</summary>
public static class Statement
{
    public static DbCommand Bind(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>A text parameter that may be null (typed, so that PostgreSQL can compare <c>@p IS NULL</c>).</summary>
    public static DbCommand BindText(this DbCommand command, string name, string? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = (object?)value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>
    /// A Guid key as the database holds it: SQLite's EF provider stores it as upper-case text, PostgreSQL as
    /// <c>uuid</c>.
    /// </summary>
    public static object Key(DatabaseProvider provider, Guid id) =>
        provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;

    public static Guid ReadGuid(DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) is Guid guid ? guid : System.Guid.Parse(reader.GetString(ordinal));
}
