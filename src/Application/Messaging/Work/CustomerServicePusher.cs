using MediatR;
using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Application.Messaging.PushAnswer;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Messaging.Work;

/// <summary>
/// Hands an answer to the customer-service API (verified accounts) as a durable job: the answer is kept in the
/// push store first, then a <see cref="PushAnswerCommand"/> job keyed by the message is enqueued, so that a
/// restart between the answer and its push loses nothing. With jobs turned off the push runs here, once.
/// </summary>
public sealed class CustomerServicePusher(IPushStore pushes, IJobScheduler jobs, IMediator mediator, TimeProvider clock, ILogger<CustomerServicePusher> logger)
{
    /// <summary>Customer-service messages WeChat lets through per follower within <see cref="Window"/> of their last message.</summary>
    public const int Quota = 5;

    public static readonly TimeSpan Window = TimeSpan.FromHours(48);

    public async Task PushAsync(string openId, string key, string question, string text, CancellationToken cancellationToken)
    {
        await pushes.AddAsync(new Push(key, openId, question, text, clock.GetUtcNow()), CancellationToken.None);
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
