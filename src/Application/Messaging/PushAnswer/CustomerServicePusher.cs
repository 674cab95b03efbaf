using MediatR;
using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Jobs;

namespace WeChatGpt.Application.Messaging.PushAnswer;

/// <summary>
/// Starts the customer-service push of an answer kept in the push store (verified accounts) as a durable job
/// keyed by the message, so that a restart between the answer and its push loses nothing. With jobs turned off
/// the push runs here, once.
/// </summary>
public sealed class CustomerServicePusher(IJobScheduler jobs, IMediator mediator, ILogger<CustomerServicePusher> logger)
{
    /// <summary>Customer-service messages WeChat lets through per follower within <see cref="Window"/> of their last message.</summary>
    public const int Quota = 5;

    public static readonly TimeSpan Window = TimeSpan.FromHours(48);

    public async Task StartAsync(string key, CancellationToken cancellationToken)
    {
        var command = new PushAnswerCommand(key);
        if (jobs.IsEnabled)
        {
            await jobs.EnqueueAsync(command, key, CancellationToken.None);
            return;
        }

        try
        {
            await mediator.Send(command, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // No retry without jobs; a transient failure on the only attempt kept the rest for "继续".
            logger.LogWarning("Customer-service push of {Key} failed: {ErrorType}", key, ex.GetType().Name);
        }
    }
}
