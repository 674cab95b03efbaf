using System.ComponentModel;
using System.Reflection;
using Hangfire;
using MediatR;
using Microsoft.Extensions.Logging;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>
/// The one job class Hangfire runs: it sends the MediatR command it was given, in a DI scope of its own.
/// Jobs stay thin; the work is in the command's handler, behind the same pipeline as everything. The
/// first argument is the job's readable name, which the dashboard shows; two runs of the same job (or of
/// the same key) never overlap.
/// </summary>
public sealed class MediatorJobRunner(IMediator mediator, ILogger<MediatorJobRunner> logger)
{
    /// <summary>How long a run waits for an overlapping run of the same job to end before it fails (and is retried).</summary>
    private const int OverlapWaitSeconds = 60;

    [JobDisplayName("{0}")]
    [DisableConcurrentExecution("job:{0}", OverlapWaitSeconds)]
    public Task RunAsync<TCommand>(string name, TCommand command, CancellationToken cancellationToken)
        where TCommand : IRequest => SendAsync(command, cancellationToken);

    [JobDisplayName("{0} · {1}")]
    [DisableConcurrentExecution("job:{0}:{1}", OverlapWaitSeconds)]
    public Task RunKeyedAsync<TCommand>(string name, string key, TCommand command, CancellationToken cancellationToken)
        where TCommand : IRequest => SendAsync(command, cancellationToken);

    /// <summary>What the dashboard calls a command: its <see cref="DisplayNameAttribute"/>, else its type name.</summary>
    public static string NameOf(Type command) => command.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName ?? command.Name;

    /// <summary>Only commands of the application assembly run: job data never names an arbitrary type.</summary>
    public static bool IsRunnable(Type type) =>
        type.Assembly == typeof(Application.DependencyInjection).Assembly && typeof(IRequest).IsAssignableFrom(type) && !type.IsAbstract;

    private async Task SendAsync<TCommand>(TCommand command, CancellationToken cancellationToken)
        where TCommand : IRequest
    {
        if (command is null || !IsRunnable(command.GetType()))
        {
            throw new InvalidOperationException($"The job names a command that may not run here ({typeof(TCommand).Name}).");
        }

        try
        {
            await mediator.Send(command, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Recorded as its type and scrubbed message only: Hangfire keeps what a job throws, and shows it.
            var error = JobFailureScrubber.Scrub($"{ex.GetType().Name}: {ex.Message}");
            logger.LogWarning("Job {Job} failed: {Error}", NameOf(typeof(TCommand)), error);
            throw new JobFailureException(error);
        }
    }
}
