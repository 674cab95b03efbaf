using MediatR;
using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Common.Behaviours;

/// <summary>
/// Outermost behaviour: logs each request's name, duration and outcome. Never the request itself:
/// followers' messages and OpenIDs are personal data.
/// </summary>
internal sealed class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger, TimeProvider clock)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = clock.GetTimestamp();
        try
        {
            var response = await next();
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("{Request} handled in {ElapsedMs:0.0} ms", typeof(TRequest).Name, clock.GetElapsedTime(started).TotalMilliseconds);
            }

            return response;
        }
        catch (Exception ex) when (ex is RequestValidationException or ThrottledException or OperationCanceledException or NotFoundException)
        {
            logger.LogInformation("{Request} ended after {ElapsedMs:0.0} ms: {Outcome}", typeof(TRequest).Name, clock.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
            throw;
        }
        catch (Exception ex)
        {
            // Type and message only: stack traces stay out of the logs, and our own exception messages
            // carry neither personal data nor secrets.
            logger.LogWarning("{Request} failed after {ElapsedMs:0.0} ms: {ErrorType}: {Error}", typeof(TRequest).Name, clock.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name, ex.Message);
            throw;
        }
    }
}
