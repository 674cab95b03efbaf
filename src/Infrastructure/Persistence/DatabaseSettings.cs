using Microsoft.Extensions.Configuration;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>The database the service runs on: <c>Database:Provider</c> and <c>ConnectionStrings:Default</c>, read once at start.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";

    public bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    /// <summary>The provider named in configuration (SQLite when absent).</summary>
    /// <exception cref="DatabaseConfigurationException">An unknown provider (the message names the key).</exception>
    public static DatabaseProvider ProviderIn(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new DatabaseConfigurationException($"{ProviderKey}: must be Sqlite or PostgreSql (was '{value}').");
    }
}

/// <summary>The database is configured wrongly or cannot be reached at start: one line for the owner, naming the key or the server.</summary>
public sealed class DatabaseConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
