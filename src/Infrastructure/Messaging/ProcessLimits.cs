using WeChatGpt.Infrastructure.Conversations.OpenAI;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>
/// What a crowd costs in open files, and what the process may open. A follower whose delivery is held holds its
/// inbound socket (three quarters of the files go to those), and over HTTP/1.1 an answer streaming holds one
/// connection to the model (the last quarter); over HTTP/2 the model's streams share a few connections. The database's connections are capped apart (see <c>SqliteReadGate</c>), and a fixed
/// reserve covers everything else (the database files, logs, the job store, listeners).
/// </summary>
public static class ProcessLimits
{
    /// <summary>Open files kept for what is not a follower.</summary>
    public const int Reserve = 1_024;

    /// <summary>The most answers derived by default.</summary>
    public const int MaxDerived = 20_000;

    /// <summary>The soft open-file limit (<c>ulimit -n</c>; <c>LimitNOFILE</c> under systemd), or null when unknown.</summary>
    public static long? OpenFiles()
    {
        try
        {
            // "Max open files            20000                20000                files"
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 0 && long.TryParse(fields[0], out var soft) ? soft : null;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>Whether the model's streams share HTTP/2 connections (an answer then holds no file of its own).</summary>
    public static bool SharesConnections(OpenAIOptions model) =>
        model.Http2 == ModelHttp2.Always || (model.Http2 == ModelHttp2.Auto && model.BaseUrl.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// How many answers may stream at once within <paramref name="openFiles"/> (unknown: as on a 65,536 limit): over
    /// HTTP/2 as many as deliveries may be held; over HTTP/1.1 each holds a model connection, from the quarter of the
    /// files that held deliveries leave.
    /// </summary>
    public static int AnswersWithin(long? openFiles, bool sharedConnections) =>
        sharedConnections
            ? Math.Min(DeliveriesWithin(openFiles), MaxDerived)
            : (int)Math.Clamp(((openFiles ?? 65_536) - Reserve) / 4, 16, MaxDerived);

    /// <summary>Deliveries held open at once within <paramref name="openFiles"/>: three quarters of what is left after the reserve.</summary>
    public static int DeliveriesWithin(long? openFiles) =>
        (int)Math.Clamp(((openFiles ?? 65_536) - Reserve) * 3 / 4, 64, 1_000_000);

    /// <summary>
    /// Inbound connections at once: <paramref name="configured"/> (<c>Server:MaxConnections</c>) when positive, else the
    /// open-file limit less the reserve, so that a crowd's sockets never take the files the model's connections, the
    /// database and the runtime itself need (at the limit those fail, and the answers with them). Beyond it the service
    /// accepts none: a connection waits in the kernel's listen queue until another closes (WebApi's
    /// InboundConnectionGate). Null (no limit) when the open-file limit is unknown.
    /// </summary>
    public static long? ConnectionsWithin(long configured, long? openFiles) =>
        configured > 0 ? configured : openFiles is { } files ? Math.Max(64, files - Reserve) : null;

    /// <summary>Open files that <paramref name="answers"/> streaming and <paramref name="deliveries"/> held need at most.</summary>
    public static long FilesFor(int answers, int deliveries, bool sharedConnections) =>
        (sharedConnections ? 0L : answers) + deliveries + Reserve;
}

/// <summary>Says at start when the open-file limit is below what <c>Chat:MaxConcurrentAnswers</c> needs.</summary>
internal sealed class OpenFileLimitCheck(
    Microsoft.Extensions.Options.IOptions<Application.Conversations.ChatOptions> chat,
    Microsoft.Extensions.Options.IOptions<OpenAIOptions> model,
    Microsoft.Extensions.Options.IOptions<Application.Common.WeChat.WeChatOptions> weChat,
    Microsoft.Extensions.Logging.ILogger<OpenFileLimitCheck> logger) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check(ProcessLimits.OpenFiles());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>Whether the limit is enough.</returns>
    internal bool Check(long? openFiles)
    {
        var answers = chat.Value.MaxConcurrentAnswers;
        var need = ProcessLimits.FilesFor(answers, weChat.Value.MaxWaitingDeliveries, ProcessLimits.SharesConnections(model.Value));
        if (openFiles is { } limit && limit < need)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(
                logger,
                "The open-file limit is {Limit}, below the {Need} that Chat:MaxConcurrentAnswers = {Answers} and WeChat:MaxWaitingDeliveries = {Deliveries} need: raise it (LimitNOFILE in the systemd unit, ulimits in compose) or lower the settings",
                limit,
                need,
                answers,
                weChat.Value.MaxWaitingDeliveries);
            return false;
        }

        return true;
    }
}
