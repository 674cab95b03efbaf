using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Application.Messaging.ReceiveMessage;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.WeChat;
using WeChatGpt.WebApi.Endpoints;

namespace WeChatGpt.WebApi.WeChat;

/// <summary>
/// The webhook WeChat calls. It speaks WeChat's protocol only: plain-text errors with a status code
/// (401 signature, 400 malformed, 413 too large), never ProblemDetails, never a stack trace. The protocol's
/// checks, decryption and sealing are Infrastructure's (<see cref="WeChatWebhook"/>); this is the HTTP around them.
/// </summary>
public sealed class WeChatWebhookEndpoints : IEndpointGroup
{
    private const string TextContentType = "text/plain; charset=utf-8";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/wechat").ExcludeFromDescription();
        group.MapGet(string.Empty, VerifyUrl);
        group.MapPost(string.Empty, ReceiveAsync);
    }

    /// <summary>URL verification: echo <c>echostr</c> when the signature is valid.</summary>
    public static ContentHttpResult VerifyUrl(HttpRequest request, [FromServices] WeChatWebhook webhook, [FromServices] TimeProvider clock, [FromServices] ILogger<WeChatWebhookEndpoints> logger)
    {
        var query = QueryOf(request);
        if (webhook.VerifyUrl(query, clock.GetUtcNow()) is { } refused)
        {
            logger.LogWarning("{Reason}", refused.LogReason);
            return TypedResults.Text(refused.Body, TextContentType, statusCode: refused.Status);
        }

        return TypedResults.Text(query.EchoStr, TextContentType);
    }

    public static async Task ReceiveAsync(
        HttpContext context,
        [FromServices] WeChatWebhook webhook,
        [FromServices] IMediator mediator,
        [FromServices] WaitingDeliveries waiting,
        [FromServices] IOptionsMonitor<WeChatOptions> options,
        [FromServices] IOptionsMonitor<TextsOptions> texts,
        [FromServices] TimeProvider clock,
        [FromServices] ILogger<WeChatWebhookEndpoints> logger)
    {
        var receivedAt = clock.GetUtcNow();
        var query = QueryOf(context.Request);
        if (webhook.CheckQuery(query, receivedAt) is { } badQuery)
        {
            await RefuseAsync(context, badQuery, logger);
            return;
        }

        var maxBytes = options.CurrentValue.MaxBodyBytes;
        var body = await RequestBody.ReadAsync(context.Request, maxBytes, context.RequestAborted);
        if (body is null)
        {
            await RefuseAsync(context, new PushOpening.Refused(StatusCodes.Status413PayloadTooLarge, "body too large", $"Push refused: body larger than {maxBytes} bytes", "too-large"), logger);
            return;
        }

        var opening = webhook.Open(query, body.Value);
        if (opening is PushOpening.Refused malformed)
        {
            await RefuseAsync(context, malformed, logger);
            return;
        }

        var push = (PushOpening.Opened)opening;
        var message = push.Message;
        Reply reply;
        try
        {
            reply = await mediator.Send(new ReceiveMessageCommand(message, receivedAt, push.QueryFingerprint) { ClientGone = () => PeerConnection.HasHungUp(context) }, context.RequestAborted);
        }
        catch (SignedQueryReusedException)
        {
            await RefuseAsync(context, WeChatWebhook.ReusedQuery, logger);
            return;
        }
        catch (OperationCanceledException) when (PeerConnection.HasHungUp(context))
        {
            // WeChat hung up; it will deliver again and the ledger will answer — or, if it gave up, "继续" will.
            Abandoned(context, message.Key, receivedAt, options.CurrentValue, logger);
            return;
        }
        catch (Exception ex)
        {
            // Never WeChat's failure notice: a short apology instead.
            logger.LogError("Message {Key} ({Kind}) failed: {ErrorType}: {Error}", message.Key, message.Kind, ex.GetType().Name, ex.Message);
            reply = Reply.Text(texts.CurrentValue.Apology);
        }

        if (PeerConnection.HasHungUp(context))
        {
            // Gone before the reply (perhaps unnoticed yet by Kestrel): what would be written cannot show the answer.
            Abandoned(context, message.Key, receivedAt, options.CurrentValue, logger);
            return;
        }

        var sealedReply = webhook.Seal(reply, push);
        if (reply is not NoReply)
        {
            logger.LogInformation("Replied to {Key} ({Kind}) from {OpenId} with {ReplyType}", message.Key, message.Kind, OpenIdLog.Short(message.OpenId), reply.GetType().Name);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = sealedReply.ContentType;
        if (waiting.UnderPressure)
        {
            // A crowd: give the socket back at once rather than keep it alive for WeChat's next push.
            context.Response.Headers.Connection = "close";
        }

        await context.Response.WriteAsync(sealedReply.Body, CancellationToken.None);
        // Written after WeChat's last wait may have ended (a crowd read this delivery late, or let its reply wait for a
        // thread): it may reach no one, so it does not count as shown — "继续" gives it again rather than lose it.
        if (reply is not NoReply && clock.GetUtcNow() > options.CurrentValue.LastWaitMayEnd(message.CreateTime))
        {
            logger.LogInformation("Reply to {Key} written after WeChat's last wait may have ended: kept for 继续", message.Key);
            Abandoned(context, message.Key, receivedAt, options.CurrentValue, logger);
        }
    }

    /// <summary>
    /// WeChat hung up on this delivery before it could carry a reply (or may have: its reply was written too late to be
    /// sure): it does not count as one that showed the answer. Written in the background (the group-commit writer is a
    /// singleton), so that a hung-up request never waits for storage.
    /// </summary>
    private static void Abandoned(HttpContext context, Domain.Messaging.MessageKey key, DateTimeOffset receivedAt, WeChatOptions options, ILogger logger)
    {
        var ledger = context.RequestServices.GetRequiredService<IDeliveryLedger>();
        var deadline = new CancellationTokenSource(AbandonDeadline);
        _ = ledger.AbandonedAsync(key, receivedAt, options.ReplyDeadline, deadline.Token).ContinueWith(
            t =>
            {
                deadline.Dispose();
                if (t.Exception is { } ex)
                {
                    logger.LogWarning("Could not mark the delivery of {Key} as abandoned: {ErrorType}", key, ex.InnerException?.GetType().Name);
                }
                else if (t.IsCanceled)
                {
                    logger.LogWarning("Could not mark the delivery of {Key} as abandoned: storage did not answer in {Seconds} s", key, AbandonDeadline.TotalSeconds);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static readonly TimeSpan AbandonDeadline = TimeSpan.FromSeconds(10);

    private static PushQuery QueryOf(HttpRequest request)
    {
        var q = request.Query;
        return new PushQuery(q["signature"], q["timestamp"], q["nonce"], q["encrypt_type"], q["msg_signature"], q["echostr"]);
    }

    private static Task RefuseAsync(HttpContext context, PushOpening.Refused refused, ILogger logger)
    {
        logger.LogWarning("{Reason}", refused.LogReason);
        context.RequestServices.GetRequiredService<WeChatGptMetrics>().PushRefused(refused.Metric);
        context.Response.StatusCode = refused.Status;
        context.Response.ContentType = TextContentType;
        return context.Response.WriteAsync(refused.Body, CancellationToken.None);
    }
}
