using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Followers;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.ReceiveMessage;

/// <summary>
/// Consults the delivery ledger so that a message is answered once, whatever the number of deliveries:
/// the first delivery computes the reply, every redelivery gets the same one.
/// </summary>
internal sealed class ReceiveMessageCommandHandler(
    IDeliveryLedger ledger,
    IFollowerStore followers,
    IChatModel model,
    IOptionsMonitor<WeChatOptions> weChat,
    IOptionsMonitor<TextsOptions> texts,
    TimeProvider clock,
    ILogger<ReceiveMessageCommandHandler> logger)
    : RequestHandlerBase<ReceiveMessageCommand, Reply>
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    protected override async Task<Reply> HandleAsync(ReceiveMessageCommand request, CancellationToken cancellationToken)
    {
        var message = request.Message;
        // Ledger writes are not cancelled by WeChat hanging up: what was decided must be kept.
        var record = await ledger.RecordAsync(message.Key, message.OpenId, message.Kind, request.ReceivedAt, CancellationToken.None);
        if (record.Reply is { } fixedReply)
        {
            logger.LogInformation("Delivery {Count} of {Key}: reply already fixed", record.Count, message.Key);
            return fixedReply;
        }

        if (!record.IsFirst)
        {
            logger.LogInformation("Delivery {Count} of {Key}: waiting for the first delivery's reply", record.Count, message.Key);
            return await WaitForReplyAsync(message.Key, request.ReceivedAt + weChat.CurrentValue.ReplyDeadline, cancellationToken);
        }

        var reply = await RespondAsync(message, cancellationToken);
        return await ledger.CompleteAsync(message.Key, reply, clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task<Reply> RespondAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        switch (message)
        {
            case SubscribeEvent subscribe:
                await followers.SubscribedAsync(message.OpenId, subscribe.Scene, now, CancellationToken.None);
                return Reply.Text(texts.CurrentValue.Welcome);
            case UnsubscribeEvent:
                await followers.UnsubscribedAsync(message.OpenId, now, CancellationToken.None);
                return Reply.None;
            case TextMessage text:
                await followers.TouchAsync(message.OpenId, now, CancellationToken.None);
                return Reply.Text(await AskAsync(text.Content, cancellationToken));
            case ImageMessage or VoiceMessage or VideoMessage or LocationMessage or LinkMessage or MenuClickEvent:
                await followers.TouchAsync(message.OpenId, now, CancellationToken.None);
                return Reply.Text(texts.CurrentValue.Unsupported);
            default:
                // SCAN, LOCATION reports, VIEW and unknown types have no meaning for the assistant.
                return Reply.None;
        }
    }

    private async Task<string> AskAsync(string question, CancellationToken cancellationToken)
    {
        var prompt = new ChatPrompt([new ChatMessage(ChatRole.User, question)]);
        var answer = new StringBuilder();
        await foreach (var piece in model.StreamAsync(prompt, cancellationToken))
        {
            answer.Append(piece);
        }

        return answer.ToString();
    }

    private async Task<Reply> WaitForReplyAsync(MessageKey key, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (clock.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (await ledger.FindAsync(key, CancellationToken.None) is { Reply: { } reply })
            {
                return reply;
            }
        }

        return Reply.Text(texts.CurrentValue.Apology);
    }
}
