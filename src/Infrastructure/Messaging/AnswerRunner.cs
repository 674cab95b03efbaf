using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Messaging;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>
/// Runs answers detached from the HTTP requests that started them: each in its own DI scope, with no
/// ambient state of the request (its cancellation, its execution context). On shutdown, running work
/// gets a grace period to finish before it is cancelled.
/// </summary>
internal sealed class AnswerRunner(IServiceScopeFactory scopes, ILogger<AnswerRunner> logger) : IAnswerRunner, IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, string> _running = new();
    private int _stopped;

    /// <summary>How long running answers may finish when the host stops.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    public int Running => _running.Count;

    public void Run(string name, Func<IServiceProvider, CancellationToken, Task> work)
    {
        Task task;
        // No flow of the request's execution context (its AsyncLocals, e.g. RequestCancellation) into the work.
        using (ExecutionContext.SuppressFlow())
        {
            task = Task.Run(() => ExecuteAsync(name, work));
        }

        _running[task] = name;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ExecuteAsync(string name, Func<IServiceProvider, CancellationToken, Task> work)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await work(scope.ServiceProvider, _stopping.Token);
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

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        var running = _running.Keys.ToArray();
        if (running.Length > 0)
        {
            logger.LogInformation("Waiting up to {Seconds} s for {Count} running answers", ShutdownGrace.TotalSeconds, running.Length);
            await Task.WhenAny(Task.WhenAll(running), Task.Delay(ShutdownGrace, cancellationToken)).ConfigureAwait(false);
        }

        await _stopping.CancelAsync();
        await Task.WhenAny(Task.WhenAll(_running.Keys.ToArray()), Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _stopping.Cancel();
        }

        _stopping.Dispose();
    }
}
