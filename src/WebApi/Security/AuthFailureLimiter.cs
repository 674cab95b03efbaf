using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.Application.Protection;

namespace WeChatGpt.WebApi.Security;

/// <summary>
/// Counts refused credentials per client IP. After <see cref="RateLimitOptions.AuthFailures"/> failures
/// within <see cref="RateLimitOptions.AuthFailureWindow"/> the IP gets 429 on the admin and the API,
/// right credentials or not, until the oldest failure leaves the window. In memory: one instance (on a shared
/// PostgreSQL the database counts them instead).
/// </summary>
public sealed class AuthFailureLimiter(IOptionsMonitor<RateLimitOptions> options, TimeProvider clock) : IAuthFailures
{
    public ValueTask<TimeSpan?> RetryAfterAsync(IPAddress address, CancellationToken cancellationToken) => ValueTask.FromResult(RetryAfter(address));

    public ValueTask FailedAsync(IPAddress address, CancellationToken cancellationToken)
    {
        Failed(address);
        return ValueTask.CompletedTask;
    }

    /// <summary>Addresses remembered at most; beyond it the expired ones are dropped first.</summary>
    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Failures> _failures = new();

    /// <summary>How long the address must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(IPAddress address)
    {
        if (!_failures.TryGetValue(address, out var failures))
        {
            return null;
        }

        var o = options.CurrentValue;
        lock (failures)
        {
            failures.Expire(clock.GetUtcNow() - o.AuthFailureWindow);
            return failures.Times.Count >= o.AuthFailures ? failures.Times.Peek() + o.AuthFailureWindow - clock.GetUtcNow() : null;
        }
    }

    public void Failed(IPAddress address)
    {
        if (_failures.Count >= MaxTracked)
        {
            Sweep();
        }

        var failures = _failures.GetOrAdd(address, _ => new Failures());
        lock (failures)
        {
            var o = options.CurrentValue;
            var now = clock.GetUtcNow();
            failures.Expire(now - o.AuthFailureWindow);
            failures.Times.Enqueue(now);
            while (failures.Times.Count > o.AuthFailures)
            {
                failures.Times.Dequeue();
            }
        }
    }

    private void Sweep()
    {
        var horizon = clock.GetUtcNow() - options.CurrentValue.AuthFailureWindow;
        foreach (var (address, failures) in _failures)
        {
            lock (failures)
            {
                failures.Expire(horizon);
                if (failures.Times.Count == 0)
                {
                    _failures.TryRemove(address, out _);
                }
            }
        }
    }

    private sealed class Failures
    {
        public Queue<DateTimeOffset> Times { get; } = new();

        public void Expire(DateTimeOffset horizon)
        {
            while (Times.Count > 0 && Times.Peek() <= horizon)
            {
                Times.Dequeue();
            }
        }
    }
}

/// <summary>
/// In front of <c>/admin</c> and <c>/api</c>: an IP that has failed too often gets 429 with Retry-After;
/// a response of 401 to a request that presented credentials counts as a failure.
/// </summary>
public static class AuthFailureLimiting
{
    public static IApplicationBuilder UseAuthFailureLimiting(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            branch => branch.Use(async (context, next) =>
            {
                var limiter = context.RequestServices.GetRequiredService<IAuthFailures>();
                var metrics = context.RequestServices.GetRequiredService<WeChatGptMetrics>();
                var area = context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase) ? "admin" : "api";
                var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
                if (await limiter.RetryAfterAsync(address, context.RequestAborted) is { } wait)
                {
                    metrics.AuthFailure(area, blocked: true);
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("Too many failed sign-ins from this address. Try again later.");
                    return;
                }

                await next(context);

                var presented = context.Request.Headers.Authorization.Count > 0 || context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName);
                if (context.Response.StatusCode == StatusCodes.Status401Unauthorized && presented)
                {
                    await limiter.FailedAsync(address, CancellationToken.None);
                    metrics.AuthFailure(area, blocked: false);
                }
            }));
}
