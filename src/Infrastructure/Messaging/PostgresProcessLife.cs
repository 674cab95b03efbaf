using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Infrastructure.Persistence;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>
/// This instance's life on a shared PostgreSQL: an id per start (<c>Instance:Name</c> + a random part), a heartbeat
/// row renewed every <see cref="Beat"/>; another life is alive while its heartbeat is younger than
/// <see cref="Lease"/>. An instance that dies (SIGKILL, a lost machine) stops beating: after the lease its
/// unanswered messages are known lost, on every instance. A graceful stop removes its row at once.
/// </summary>
internal sealed class PostgresProcessLife(IStatementWriter writer, IStatementReader reader, InstanceIdentity instance, TimeProvider clock, ILogger<PostgresProcessLife> logger)
    : IProcessLife, IHostedService, IDisposable
{
    public static readonly TimeSpan Beat = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    private const string BeatSql = """
        INSERT INTO "ProcessLives" ("Id", "Name", "StartedAt", "HeartbeatAt") VALUES (@id, @name, @now, @now)
        ON CONFLICT ("Id") DO UPDATE SET "HeartbeatAt" = excluded."HeartbeatAt"
        """;

    private const string AliveSql = """SELECT "HeartbeatAt" FROM "ProcessLives" WHERE "Id" = @id""";

    private const string EndSql = """DELETE FROM "ProcessLives" WHERE "Id" = @id OR "HeartbeatAt" < @stale""";

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _beating;
    private Task? _stop;

    public string Id { get; } = $"{instance.Name}:{Guid.NewGuid():N}";

    public async ValueTask<bool> IsAliveAsync(string? lifeId, CancellationToken cancellationToken)
    {
        if (lifeId is null)
        {
            return false;
        }

        if (lifeId == Id)
        {
            return true;
        }

        var heartbeat = await reader.ReadAsync(session => session.Command(AliveSql).Bind("@id", lifeId).ExecuteScalar() as long?, cancellationToken);
        return heartbeat is { } at && clock.GetUtcNow().ToUnixTimeMilliseconds() - at < Lease.TotalMilliseconds;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Beating before the first delivery is taken: a redelivery elsewhere must find this life alive.
        await BeatAsync(cancellationToken);
        _beating = Task.Run(BeatForeverAsync, CancellationToken.None);
    }

    /// <summary>
    /// Registered before the answer runner, so stopped after it (its answers settled or kept): the row goes, so that
    /// redeliveries elsewhere answer "interrupted" at once rather than after the lease. Old rows of dead lives go with it.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped twice at once (its run loop and whoever asked it to stop): once, and the second waits.
        lock (_gate)
        {
            return _stop ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        if (_beating is not null)
        {
            await _beating.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await EndAsync();
    }

    private async Task EndAsync()
    {
        try
        {
            await writer.ExecuteSingleAsync(
                batch => batch.Command(EndSql).Bind("@id", Id).Bind("@stale", (clock.GetUtcNow() - (Lease * 20)).ToUnixTimeMilliseconds()).ExecuteNonQuery(),
                CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug("Process life {Life} not removed: {ErrorType}", Id, ex.GetType().Name);
        }
    }

    private async Task BeatForeverAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Beat, clock, _stopping.Token);
                await BeatAsync(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The database is away: beats resume when it is back (other instances see this life stale meanwhile).
                logger.LogDebug("Heartbeat of {Life} not written: {ErrorType}", Id, ex.GetType().Name);
            }
        }
    }

    private Task<int> BeatAsync(CancellationToken cancellationToken) =>
        writer.ExecuteSingleAsync(
            batch => batch.Command(BeatSql).Bind("@id", Id).Bind("@name", instance.Name).Bind("@now", clock.GetUtcNow().ToUnixTimeMilliseconds()).ExecuteNonQuery(),
            cancellationToken);

    /// <summary>Stops the beating; the source is not disposed (it holds no timer, and a stop may still be running).</summary>
    public void Dispose() => _stopping.Cancel();
}

/// <summary>This instance's name in logs, metrics and the dashboard: <c>Instance:Name</c>, else host name + process id.</summary>
public sealed record InstanceIdentity(string Name)
{
    public static InstanceIdentity From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        new(configuration["Instance:Name"] is { Length: > 0 } name ? name.Trim() : $"{Environment.MachineName}-{Environment.ProcessId}");
}
