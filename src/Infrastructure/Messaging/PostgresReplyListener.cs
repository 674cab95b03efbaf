using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Infrastructure.Persistence;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>
/// Several instances on one PostgreSQL: LISTENs on the replies channel so that a delivery waiting here wakes as soon
/// as another instance settles its reply (the settle NOTIFYs in its transaction; only keys a delivery here waits for
/// are read), and on the caches channel so that an owner's change made on another instance empties the cache here. When the connection drops it listens again after a second; meanwhile waiting deliveries read their row
/// once a second (<see cref="DeliveryLedger.WaitForReplyAsync"/>), so nothing is missed, only later.
/// </summary>
internal sealed class PostgresReplyListener(NpgsqlDataSource dataSource, ReplySignals signals, SharedCaches caches, IServiceScopeFactory scopes, ILogger<PostgresReplyListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == SharedCaches.Channel)
                    {
                        caches.Invalidate(e.Payload);
                    }
                    else
                    {
                        _ = WakeAsync(e.Payload);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {DeliveryLedger.RepliesChannel}; LISTEN {SharedCaches.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                logger.LogDebug("Listening for replies stopped ({ErrorType}); listening again in a second", ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task WakeAsync(string payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return;
        }

        var key = MessageKey.Parse(payload);
        if (!signals.Awaits(key))
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<DeliveryLedger>().SettledReplyAsync(key, CancellationToken.None) is { } reply)
            {
                signals.Settled(key, reply);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The waiting delivery reads its row itself within a second.
            logger.LogDebug("Reply of {Key} not read after its notification: {ErrorType}", key, ex.GetType().Name);
        }
    }
}
