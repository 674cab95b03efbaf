using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Messaging.ReceiveMessage;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.WeChat;
using WeChatGpt.Infrastructure.WeChat.Crypto;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.WebApi.WeChat;

/// <summary>
/// The webhook WeChat calls. It speaks WeChat's protocol only: plain-text errors with a status code
/// (401 signature, 400 malformed, 413 too large), never ProblemDetails, never a stack trace.
/// </summary>
public sealed class WeChatWebhookEndpoints : IEndpointGroup
{
    private const string XmlContentType = "application/xml; charset=utf-8";
    private const string TextContentType = "text/plain; charset=utf-8";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/wechat").ExcludeFromDescription();
        group.MapGet("", VerifyUrl);
        group.MapPost("", ReceiveAsync);
    }

    /// <summary>URL verification: echo <c>echostr</c> when the signature is valid (safe mode does not change the GET).</summary>
    public static ContentHttpResult VerifyUrl(HttpRequest request, [FromServices] WeChatEnvelopeCodec codec, [FromServices] ILoggerFactory loggers)
    {
        var query = WebhookQuery.From(request);
        if (string.IsNullOrEmpty(query.EchoStr) || string.IsNullOrEmpty(query.Timestamp) || string.IsNullOrEmpty(query.Nonce))
        {
            return Text(StatusCodes.Status400BadRequest, "missing parameters");
        }

        if (!codec.VerifySignature(query.Signature, query.Timestamp, query.Nonce))
        {
            loggers.CreateLogger<WeChatWebhookEndpoints>().LogWarning("URL verification refused: invalid signature");
            return Text(StatusCodes.Status401Unauthorized, "invalid signature");
        }

        return TypedResults.Text(query.EchoStr, TextContentType);
    }

    public static async Task ReceiveAsync(
        HttpContext context,
        [FromServices] WeChatEnvelopeCodec codec,
        [FromServices] IMediator mediator,
        [FromServices] IOptionsMonitor<WeChatOptions> options,
        [FromServices] IOptionsMonitor<TextsOptions> texts,
        [FromServices] TimeProvider clock,
        [FromServices] ILogger<WeChatWebhookEndpoints> logger)
    {
        var receivedAt = clock.GetUtcNow();
        var settings = options.CurrentValue;
        var query = WebhookQuery.From(context.Request);

        if (string.IsNullOrEmpty(query.Timestamp) || string.IsNullOrEmpty(query.Nonce)
            || !codec.VerifySignature(query.Signature, query.Timestamp, query.Nonce))
        {
            logger.LogWarning("Push refused: invalid or missing signature");
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "invalid signature");
            return;
        }

        // A redelivery repeats the first request byte for byte (within ~15 s): it passes here and the
        // ledger answers it. A replay older than the allowed skew does not.
        if (!long.TryParse(query.Timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs(receivedAt.ToUnixTimeSeconds() - timestamp) > settings.MaxTimestampSkew.TotalSeconds)
        {
            logger.LogWarning("Push refused: timestamp {Timestamp} is outside the allowed skew", query.Timestamp);
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "stale timestamp");
            return;
        }

        var body = await RequestBody.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            logger.LogWarning("Push refused: body larger than {MaxBytes} bytes", settings.MaxBodyBytes);
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "body too large");
            return;
        }

        IncomingMessage message;
        WeChatMessageCrypto? crypto = null;
        try
        {
            var fields = WeChatXmlReader.ReadFields(body.Value);
            if (query.IsEncrypted)
            {
                if (!codec.HasEncodingAesKey)
                {
                    logger.LogError("Push refused: encrypt_type=aes but WeChat:EncodingAesKey is not configured");
                    await WriteAsync(context, StatusCodes.Status400BadRequest, "encryption is not configured");
                    return;
                }

                if (!fields.TryGetValue("Encrypt", out var encrypt) || string.IsNullOrEmpty(encrypt))
                {
                    await WriteAsync(context, StatusCodes.Status400BadRequest, "Encrypt is missing");
                    return;
                }

                // Authenticate the body before decrypting it.
                if (!codec.VerifyMessageSignature(query.MsgSignature, query.Timestamp, query.Nonce, encrypt))
                {
                    logger.LogWarning("Push refused: invalid msg_signature");
                    await WriteAsync(context, StatusCodes.Status401Unauthorized, "invalid msg_signature");
                    return;
                }

                (var plaintext, crypto) = codec.Decrypt(encrypt);
                fields = WeChatXmlReader.ReadFields(plaintext);
            }

            message = IncomingMessageParser.Parse(fields);
        }
        catch (WeChatXmlException ex)
        {
            logger.LogWarning("Push refused: {Reason}", ex.Message);
            await WriteAsync(context, StatusCodes.Status400BadRequest, "malformed XML");
            return;
        }
        catch (WeChatCryptoException ex)
        {
            logger.LogWarning("Push refused: decryption failed ({Reason}); check WeChat:EncodingAesKey and WeChat:AppId", ex.Message);
            await WriteAsync(context, StatusCodes.Status400BadRequest, "decryption failed");
            return;
        }

        Reply reply;
        try
        {
            reply = await mediator.Send(new ReceiveMessageCommand(message, receivedAt), context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // WeChat hung up; it will deliver again and the ledger will answer.
            return;
        }
        catch (Exception ex)
        {
            // Never WeChat's failure notice: a short apology instead.
            logger.LogError("Message {Key} ({Kind}) failed: {ErrorType}: {Error}", message.Key, message.Kind, ex.GetType().Name, ex.Message);
            reply = Reply.Text(texts.CurrentValue.Apology);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var xml = WeChatReplyWriter.Render(reply, message.FromUserName, message.ToUserName, clock.GetUtcNow().ToUnixTimeSeconds());
        if (reply is NoReply)
        {
            await WriteAsync(context, StatusCodes.Status200OK, WeChatReplyWriter.Success);
            return;
        }

        var responseBody = crypto is null
            ? xml
            : codec.Seal(xml, crypto, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), query.Nonce);
        logger.LogInformation("Replied to {Key} ({Kind}) from {OpenId} with {ReplyType}", message.Key, message.Kind, OpenIdLog.Short(message.OpenId), reply.GetType().Name);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = XmlContentType;
        await context.Response.WriteAsync(responseBody, CancellationToken.None);
    }

    private static ContentHttpResult Text(int status, string body) => TypedResults.Text(body, TextContentType, statusCode: status);

    private static Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = TextContentType;
        return context.Response.WriteAsync(body, CancellationToken.None);
    }
}
