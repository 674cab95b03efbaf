using MediatR;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Common.Interfaces;

namespace WeChatGpt.Application.Common.Behaviours;

/// <summary>
/// For <see cref="IThrottled"/> requests: one request per key at a time (when asked) and the key's
/// per-minute budget. A refused request never reaches its handler; it fails with <see cref="ThrottledException"/>.
/// </summary>
internal sealed class ThrottlingBehaviour<TRequest, TResponse>(IRateLimiter limiter) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not IThrottled throttled)
        {
            return await next();
        }

        var token = RequestCancellation.Resolve(cancellationToken);
        IAsyncDisposable? lease = null;
        if (throttled.OneAtATime)
        {
            lease = await limiter.TryEnterAsync(throttled.ThrottleKey, token)
                ?? throw new ThrottledException(ThrottleReason.Busy, retryAfter: null);
        }

        try
        {
            var decision = await limiter.TryAcquireAsync(throttled.ThrottleKey, token);
            if (!decision.Allowed)
            {
                throw new ThrottledException(ThrottleReason.RateLimited, decision.RetryAfter);
            }

            return await next();
        }
        finally
        {
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }
        }
    }
}
