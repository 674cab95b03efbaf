using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Followers;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Application.Common;
using WeChatGpt.Domain.Operations;

namespace WeChatGpt.Application.Messaging.PushAnswer;

/// <summary>
/// One attempt of a push, within WeChat's window of 5 messages per 48 hours after the follower's last
/// message. It resumes after the parts already sent (each is recorded as it goes out, so a retry never sends
/// one twice). What cannot be pushed — the window is closed, the quota is used up, WeChat refuses — waits for
/// "继续" instead; so does the rest when the last retry of a transient failure fails too.
/// </summary>
internal sealed class PushAnswerCommandHandler(
    IPushStore pushes,
    IWeChatApi api,
    IFollowerStore followers,
    IContinuationStore continuations,
    IJobScheduler jobs,
    ReplyComposer composer,
    Admin.FailureReporter failures,
    TimeProvider clock,
    ILogger<PushAnswerCommandHandler> logger)
    : RequestHandlerBase<PushAnswerCommand>
{
    protected override async Task HandleAsync(PushAnswerCommand request, CancellationToken cancellationToken)
    {
        var push = await pushes.BeginAttemptAsync(request.Key, clock.GetUtcNow(), CancellationToken.None);
        if (push is null)
        {
            return;
        }

        var follower = await followers.FindAsync(push.OpenId, cancellationToken);
        if (push.PictureMediaId is { } mediaId)
        {
            await PushPictureAsync(push, mediaId, follower, cancellationToken);
            return;
        }

        var slices = composer.Slices(push.Text);
        for (var i = push.PartsSent; i < slices.Count; i++)
        {
            if (follower is null || !follower.CanReceiveServiceMessage(clock.GetUtcNow(), CustomerServicePusher.Quota, CustomerServicePusher.Window))
            {
                logger.LogInformation("Customer-service window closed for {Key} after {Sent}/{Total} parts; the rest waits for 继续", push.Key, i, slices.Count);
                await KeepForContinueAsync(push, slices, i);
                return;
            }

            var quotaEndsHere = follower.ServiceMessagesSent == CustomerServicePusher.Quota - 1 && i < slices.Count - 1;
            var message = quotaEndsHere ? composer.WithMoreHint(slices[i], slices.Count - i - 1) : composer.PushedPart(slices[i], i, slices.Count);
            try
            {
                await api.SendTextAsync(push.OpenId, message, cancellationToken);
            }
            catch (WeChatApiException ex) when (!IsTransient(ex))
            {
                logger.LogWarning("Customer-service push of {Key} refused (errcode {ErrorCode}); the answer waits for 继续", push.Key, ex.ErrorCode);
                failures.Report(push.OpenId, FailureKinds.WeChatApi, ex.ErrorCode, $"The customer-service message was refused by WeChat ({ex.Api}); the answer waits for 继续.", push.Question);
                await KeepForContinueAsync(push, slices, i);
                return;
            }
            catch (Exception ex) when (IsTransient(ex) && (!jobs.IsEnabled || push.Attempts > jobs.RetryAttempts) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Customer-service push of {Key} failed on its last attempt ({ErrorType}); the rest waits for 继续", push.Key, ex.GetType().Name);
                failures.Report(push.OpenId, FailureKinds.WeChatApi, (ex as WeChatApiException)?.ErrorCode, $"The customer-service message failed on its last attempt ({ex.GetType().Name}); the rest waits for 继续.", push.Question);
                await KeepForContinueAsync(push, slices, i);
                throw;
            }

            // Recorded at once: a retry after a failure further on starts after this part.
            await pushes.PartSentAsync(push.Key, i, clock.GetUtcNow(), CancellationToken.None);
            follower.ServiceMessageSent();
            await followers.ServiceMessageSentAsync(push.OpenId, CancellationToken.None);
            if (quotaEndsHere)
            {
                await KeepForContinueAsync(push, slices, i + 1);
                return;
            }
        }

        // Everything arrived: nothing is left for "继续".
        await continuations.SetRemainderAsync(push.OpenId, push.Key, push.Question, string.Empty, clock.GetUtcNow(), CancellationToken.None);
        await pushes.FinishAsync(push.Key, clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>A drawn image goes out as one customer-service image message; when it cannot, it waits for "继续".</summary>
    private async Task PushPictureAsync(Domain.Messaging.Push push, string mediaId, Domain.Followers.Follower? follower, CancellationToken cancellationToken)
    {
        if (push.PartsSent > 0)
        {
            await pushes.FinishAsync(push.Key, clock.GetUtcNow(), CancellationToken.None);
            return;
        }

        if (follower is null || !follower.CanReceiveServiceMessage(clock.GetUtcNow(), CustomerServicePusher.Quota, CustomerServicePusher.Window))
        {
            logger.LogInformation("Customer-service window closed for {Key}; the drawn image waits for 继续", push.Key);
            await KeepPictureAsync(push, mediaId);
            return;
        }

        try
        {
            await api.SendImageAsync(push.OpenId, mediaId, cancellationToken);
        }
        catch (WeChatApiException ex) when (!IsTransient(ex))
        {
            logger.LogWarning("Customer-service push of {Key} refused (errcode {ErrorCode}); the drawn image waits for 继续", push.Key, ex.ErrorCode);
            failures.Report(push.OpenId, FailureKinds.WeChatApi, ex.ErrorCode, $"The drawn image was refused by WeChat ({ex.Api}); it waits for 继续.", push.Question);
            await KeepPictureAsync(push, mediaId);
            return;
        }
        catch (Exception ex) when (IsTransient(ex) && (!jobs.IsEnabled || push.Attempts > jobs.RetryAttempts) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Customer-service push of {Key} failed on its last attempt ({ErrorType}); the drawn image waits for 继续", push.Key, ex.GetType().Name);
            failures.Report(push.OpenId, FailureKinds.WeChatApi, (ex as WeChatApiException)?.ErrorCode, $"The drawn image failed on its last attempt ({ex.GetType().Name}); it waits for 继续.", push.Question);
            await KeepPictureAsync(push, mediaId);
            throw;
        }

        await pushes.PartSentAsync(push.Key, 0, clock.GetUtcNow(), CancellationToken.None);
        await followers.ServiceMessageSentAsync(push.OpenId, CancellationToken.None);
        await continuations.SetRemainderAsync(push.OpenId, push.Key, push.Question, string.Empty, clock.GetUtcNow(), CancellationToken.None);
        await pushes.FinishAsync(push.Key, clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task KeepPictureAsync(Domain.Messaging.Push push, string mediaId)
    {
        await continuations.KeepPictureAsync(push.OpenId, push.Key, push.Question, mediaId, clock.GetUtcNow(), CancellationToken.None);
        await pushes.FinishAsync(push.Key, clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task KeepForContinueAsync(Domain.Messaging.Push push, IReadOnlyList<string> slices, int from)
    {
        await continuations.SetRemainderAsync(push.OpenId, push.Key, push.Question, string.Concat(slices.Skip(from)), clock.GetUtcNow(), CancellationToken.None);
        await pushes.FinishAsync(push.Key, clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>System busy (-1), the minute quota (45011) and network errors are worth another try; the job is retried.</summary>
    public static bool IsTransient(Exception ex) =>
        ex is HttpRequestException or TaskCanceledException || (ex is WeChatApiException api && api.ErrorCode is -1 or 45011);
}
