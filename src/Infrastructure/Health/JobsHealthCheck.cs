using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WeChatGpt.Infrastructure.Jobs;

namespace WeChatGpt.Infrastructure.Health;

/// <summary>
/// Ready when the job storage answers and this process's Hangfire server is alive (its heartbeat is recent);
/// healthy with a note when jobs are turned off. Right after start the server may not have registered yet.
/// </summary>
internal sealed class JobsHealthCheck(IServiceProvider services, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan StartingGrace = TimeSpan.FromSeconds(30);
    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var storage = services.GetService<JobStorage>();
        var identity = services.GetService<JobServerIdentity>();
        if (storage is null || identity is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Jobs are turned off (Jobs:Enabled=false)."));
        }

        IList<Hangfire.Storage.Monitoring.ServerDto> servers;
        try
        {
            servers = storage.GetMonitoringApi().Servers();
        }
        catch (Exception ex)
        {
            // The type only: a message may carry a path.
            return Task.FromResult(HealthCheckResult.Unhealthy($"The job storage did not answer ({ex.GetType().Name})."));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ours = servers.Where(identity.IsOurs).OrderByDescending(s => s.Heartbeat).FirstOrDefault();
        if (ours is null)
        {
            return Task.FromResult(clock.GetUtcNow() - _startedAt < StartingGrace
                ? HealthCheckResult.Degraded("The job server is starting.")
                : HealthCheckResult.Unhealthy("No job server runs in this process."));
        }

        var silence = now - (ours.Heartbeat ?? ours.StartedAt);
        return Task.FromResult(silence > JobServerIdentity.HeartbeatInterval * 6
            ? HealthCheckResult.Unhealthy($"The job server's last heartbeat was {silence.TotalSeconds:0} s ago.")
            : HealthCheckResult.Healthy($"{servers.Count} job server(s); this one has {ours.WorkersCount} workers."));
    }
}
