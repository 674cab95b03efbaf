using Microsoft.Extensions.Logging;
using Npgsql;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// The owner's rules cached per process (keyword replies, templates): a change empties the cache here at once and —
/// on a shared PostgreSQL — on every other instance too, through a NOTIFY their listeners act on
/// (<see cref="Messaging.PostgresReplyListener"/>), not only by the caches' 30 s expiry.
/// </summary>
internal sealed class SharedCaches(KeywordCache keywords, TemplateCache templates, DatabaseSettings database, IStatementWriter writer, ILogger<SharedCaches> logger)
{
    public const string Channel = "wechatgpt_caches";
    public const string Keywords = "keywords";
    public const string Templates = "templates";

    private const string NotifySql = $"SELECT pg_notify('{Channel}', @cache)";

    /// <summary>Empties the named cache here and announces the change to the other instances.</summary>
    public async Task ChangedAsync(string cache)
    {
        Invalidate(cache);
        if (!database.IsPostgreSql)
        {
            return;
        }

        try
        {
            await writer.ExecuteSingleAsync(batch => batch.Command(NotifySql).Bind("@cache", cache).ExecuteNonQuery());
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // The others see the change within their cache's lifetime.
            logger.LogWarning("Change of {Cache} not announced to the other instances ({ErrorType}); they see it within 30 s", cache, ex.GetType().Name);
        }
    }

    /// <summary>Empties the named cache in this process (a change here, or another instance's announcement).</summary>
    public void Invalidate(string cache)
    {
        switch (cache)
        {
            case Keywords:
                keywords.Invalidate();
                break;
            case Templates:
                templates.Invalidate();
                break;
        }
    }
}
