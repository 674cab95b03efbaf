using System.Collections.Concurrent;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.Application.Messaging;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>
/// Runs background commands (answers, "继续") detached from the HTTP requests that started them: each sent
/// through MediatR in its own DI scope, with no ambient state of the request (its cancellation, its execution context). On shutdown, running work
/// gets a grace period to finish before it is cancelled.
/// </summary>
internal sealed class AnswerRunner(IServiceScopeFactory scopes, IOptions<ShutdownOptions> shutdown, ILogger<AnswerRunner> logger)
    : IAnswerRunner, IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, string> _running = new();
    private Task? _stop;

    public int Running => _running.Count;

    public void Run(IRequest command)
    {
        var name = command.GetType().Name;
        Task task;
        // No flow of the request's execution context (its AsyncLocals, e.g. RequestCancellation) into the work.
        using (ExecutionContext.SuppressFlow())
        {
            task = Task.Run(() => ExecuteAsync(name, command));
        }

        _running[task] = name;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ExecuteAsync(string name, IRequest command)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            logger.LogWarning("Background {Work} cancelled by shutdown", name);
        }
        catch (Exception ex)
        {
            logger.LogError("Background {Work} failed: {ErrorType}: {Error}", name, ex.GetType().Name, ex.Message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Idempotent, and a second caller waits for the first: a host may be stopped twice at once (its run loop
    /// on ApplicationStopping, and whoever asked it to stop), and whichever returns first may dispose it.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_running)
        {
            return _stop ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        var running = _running.Keys.ToArray();
        if (running.Length > 0)
        {
            var grace = shutdown.Value.Grace;
            logger.LogInformation("Waiting up to {Seconds} s for {Count} running answers", grace.TotalSeconds, running.Length);
            await Task.WhenAny(Task.WhenAll(running), Task.Delay(grace, cancellationToken)).ConfigureAwait(false);
        }

        _stopping.Cancel();
        await Task.WhenAny(Task.WhenAll(_running.Keys.ToArray()), Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels what still runs. The source is not disposed: it holds no timer, and a host may dispose this
    /// service while its StopAsync is still in the grace period.
    /// </summary>
    public void Dispose() => _stopping.Cancel();
}
