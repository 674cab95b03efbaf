using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace WeChatGpt.Infrastructure.Health;

/// <summary>Ready when the job scheduler runs and its store answers (or when jobs are turned off).</summary>
internal sealed class SchedulerHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var factory = services.GetService<ISchedulerFactory>();
        if (factory is null)
        {
            return HealthCheckResult.Healthy("Jobs are turned off (Jobs:Enabled=false).");
        }

        try
        {
            var scheduler = await factory.GetScheduler(cancellationToken);
            var status = await scheduler.GetStatus(cancellationToken);
            if (status != SchedulerStatus.Running)
            {
                return HealthCheckResult.Unhealthy($"The job scheduler is not running ({status}).");
            }

            // Reads the persistent store.
            await scheduler.GetJobGroupNames(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The job scheduler did not answer ({ex.GetType().Name}).");
        }
    }
}
