using MediatR;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Application.Common.Options;

namespace WeChatGpt.Application.Common.Behaviours;

/// <summary>
/// Cancels a request that runs longer than its timeout (<see cref="IHasTimeout"/>, else the pipeline default)
/// and reports it as a typed <see cref="RequestTimeoutException"/>. The timer runs on the injected clock.
/// </summary>
internal sealed class TimeoutBehaviour<TRequest, TResponse>(IOptionsMonitor<PipelineOptions> options, TimeProvider clock)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var timeout = (request as IHasTimeout)?.Timeout ?? options.CurrentValue.DefaultTimeout;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return await next();
        }

        using var timeoutCts = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        Task<TResponse> work;
        using (RequestCancellation.Push(linked.Token))
        {
            // MediatR 5's next() takes no token: the handler reads the linked one from RequestCancellation.
            work = next();
        }

        try
        {
            // A handler that ignores its token still cannot hold the caller past the timeout.
            return await work.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            ObserveLater(work);
            throw new RequestTimeoutException(typeof(TRequest).Name, timeout);
        }
    }

    /// <summary>A handler abandoned at the timeout may still fail later: its exception is observed, not lost to the finalizer.</summary>
    private static void ObserveLater(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
