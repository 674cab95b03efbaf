using Microsoft.Data.Sqlite;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// A connection's statements, each prepared once and reused (SQLite parses a statement only the first time a
/// command runs it): the parameters are cleared for each use. Used by one caller at a time.
/// </summary>
internal sealed class PreparedCommands(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteCommand For(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Parameters.Clear();
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
