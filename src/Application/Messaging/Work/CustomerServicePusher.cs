using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Followers;

namespace WeChatGpt.Application.Messaging.Work;

/// <summary>
/// Pushes an answer through the customer-service API (verified accounts), within WeChat's window of
/// 5 messages per 48 hours after the follower's last message. What cannot be pushed — the window is
/// closed, the quota is used up, WeChat refuses — waits for "继续" instead.
/// </summary>
public sealed class CustomerServicePusher(
    IWeChatApi api,
    IFollowerStore followers,
    IContinuationStore continuations,
    ReplyComposer composer,
    TimeProvider clock,
    ILogger<CustomerServicePusher> logger)
{
    public const int Quota = 5;
    public static readonly TimeSpan Window = TimeSpan.FromHours(48);

    private static readonly TimeSpan[] TransientBackoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    /// <returns>True when every part was pushed; otherwise the unsent rest is stored for "继续".</returns>
    public async Task<bool> PushAsync(string openId, string sourceKey, string question, string text, CancellationToken cancellationToken)
    {
        var follower = await followers.FindAsync(openId, cancellationToken);
        var slices = composer.Slices(text);
        for (var i = 0; i < slices.Count; i++)
        {
            var unsent = string.Concat(slices.Skip(i));
            if (follower is null || !follower.CanReceiveServiceMessage(clock.GetUtcNow(), Quota, Window))
            {
                logger.LogInformation("Customer-service window closed for {Key} after {Sent}/{Total} parts; the rest waits for 继续", sourceKey, i, slices.Count);
                await StoreAsync(openId, sourceKey, question, unsent);
                return false;
            }

            var quotaEndsHere = follower.ServiceMessagesSent == Quota - 1 && i < slices.Count - 1;
            var message = quotaEndsHere ? composer.WithMoreHint(slices[i], slices.Count - i - 1) : composer.PushedPart(slices[i], i, slices.Count);
            try
            {
                await SendWithRetryAsync(openId, message, cancellationToken);
            }
            catch (WeChatApiException ex) when (ex.IsServiceRefusal)
            {
                logger.LogWarning("Customer-service push of {Key} refused (errcode {ErrorCode}); the answer waits for 继续", sourceKey, ex.ErrorCode);
                await StoreAsync(openId, sourceKey, question, unsent);
                return false;
            }
            catch (Exception ex) when ((ex is WeChatApiException or HttpRequestException) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Customer-service push of {Key} failed ({ErrorType}); the answer waits for 继续", sourceKey, ex.GetType().Name);
                await StoreAsync(openId, sourceKey, question, unsent);
                return false;
            }

            follower.ServiceMessageSent();
            await followers.ServiceMessageSentAsync(openId, CancellationToken.None);
            if (quotaEndsHere)
            {
                await StoreAsync(openId, sourceKey, question, string.Concat(slices.Skip(i + 1)));
                return false;
            }
        }

        // Everything arrived: nothing is left for "继续".
        await StoreAsync(openId, sourceKey, question, string.Empty);
        return true;
    }

    private Task StoreAsync(string openId, string sourceKey, string question, string rest) =>
        continuations.SetRemainderAsync(openId, sourceKey, question, rest, clock.GetUtcNow(), CancellationToken.None);

    private async Task SendWithRetryAsync(string openId, string message, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await api.SendTextAsync(openId, message, cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < TransientBackoff.Length && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TransientBackoff[attempt], clock, cancellationToken);
            }
        }
    }

    /// <summary>System busy (-1), minute quota (45011) and network errors are worth another try.</summary>
    private static bool IsTransient(Exception ex) =>
        ex is HttpRequestException || (ex is WeChatApiException api && api.ErrorCode is -1 or 45011);
}
