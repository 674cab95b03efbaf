using Microsoft.Extensions.Diagnostics.HealthChecks;
using WeChatGpt.Application.Admin;

namespace WeChatGpt.Infrastructure.Health;

/// <summary>
/// Degraded (still ready: keyword replies, commands and "继续" work) when no model key can take a request — every
/// key disabled (401/403) or resting (429), or none configured: questions get the apology until one comes back.
/// </summary>
internal sealed class ModelKeysHealthCheck(IModelKeys keys) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (keys.AnyUsable)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var states = keys.List();
        var detail = states.Count == 0
            ? "No model API key is configured (OpenAI:ApiKeys)."
            : $"No model API key is usable: {states.Count(k => k.State == "disabled")} disabled, {states.Count(k => k.State == "resting")} resting.";
        return Task.FromResult(HealthCheckResult.Degraded(detail));
    }
}
