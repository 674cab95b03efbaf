using System.Globalization;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.WeChat.Crypto;
using WeChatGpt.Infrastructure.WeChat.Xml;

namespace WeChatGpt.Infrastructure.WeChat;

/// <summary>The query of a webhook request (wechat-protocol.md §2.1).</summary>
public sealed record PushQuery(string? Signature, string? Timestamp, string? Nonce, string? EncryptType, string? MsgSignature, string? EchoStr)
{
    /// <summary><c>encrypt_type=aes</c>: compatible or safe mode. Absent or <c>raw</c>: plaintext.</summary>
    public bool IsEncrypted => string.Equals(EncryptType, "aes", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What checking and opening a push gave: the message, or why it is refused.</summary>
public abstract record PushOpening
{
    /// <summary>A push that passed every check, with what its reply must be sealed with.</summary>
    public sealed record Opened(IncomingMessage Message, PushQuery Query, object? Envelope) : PushOpening;

    /// <param name="Status">The HTTP status (401 signature, 400 malformed, 413 too large).</param>
    /// <param name="Body">The short plain text WeChat gets.</param>
    /// <param name="LogReason">Why, for the log (no content, no key).</param>
    public sealed record Refused(int Status, string Body, string LogReason) : PushOpening;
}

/// <summary>A reply ready to write: <c>success</c> as plain text, or the reply XML (sealed in safe mode).</summary>
public sealed record SealedReply(string ContentType, string Body);

/// <summary>
/// The webhook's side of WeChat's protocol, in one place: URL verification; a push checked (signature, timestamp,
/// the <c>msg_signature</c> over the ciphertext before anything is decrypted) and opened into a message; and a
/// reply rendered and sealed for the push it answers (encrypted with the key that opened it).
/// </summary>
public sealed class WeChatWebhook(WeChatEnvelopeCodec codec, IOptionsMonitor<WeChatOptions> options, TimeProvider clock)
{
    private const string XmlContentType = "application/xml; charset=utf-8";
    private const string TextContentType = "text/plain; charset=utf-8";

    /// <summary>URL verification: the <c>echostr</c> to echo, or why not (safe mode does not change the GET).</summary>
    public PushOpening.Refused? VerifyUrl(PushQuery query)
    {
        if (string.IsNullOrEmpty(query.EchoStr) || string.IsNullOrEmpty(query.Timestamp) || string.IsNullOrEmpty(query.Nonce))
        {
            return new PushOpening.Refused(400, "missing parameters", "URL verification refused: missing parameters");
        }

        return codec.VerifySignature(query.Signature, query.Timestamp, query.Nonce)
            ? null
            : new PushOpening.Refused(401, "invalid signature", "URL verification refused: invalid signature");
    }

    /// <summary>Checks a push's query before its body is read.</summary>
    public PushOpening.Refused? CheckQuery(PushQuery query, DateTimeOffset receivedAt)
    {
        if (string.IsNullOrEmpty(query.Timestamp) || string.IsNullOrEmpty(query.Nonce)
            || !codec.VerifySignature(query.Signature, query.Timestamp, query.Nonce))
        {
            return new PushOpening.Refused(401, "invalid signature", "Push refused: invalid or missing signature");
        }

        // A redelivery repeats the first request byte for byte (within ~15 s): it passes here and the ledger
        // answers it. A replay older than the allowed skew does not.
        if (!long.TryParse(query.Timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs(receivedAt.ToUnixTimeSeconds() - timestamp) > options.CurrentValue.MaxTimestampSkew.TotalSeconds)
        {
            return new PushOpening.Refused(401, "stale timestamp", "Push refused: timestamp outside the allowed skew");
        }

        return null;
    }

    /// <summary>The body of a push whose query passed <see cref="CheckQuery"/>: decrypted when encrypted, parsed into a message.</summary>
    public PushOpening Open(PushQuery query, ReadOnlyMemory<byte> body)
    {
        try
        {
            var fields = WeChatXmlReader.ReadFields(body);
            WeChatMessageCrypto? crypto = null;
            if (query.IsEncrypted)
            {
                if (!codec.HasEncodingAesKey)
                {
                    return new PushOpening.Refused(400, "encryption is not configured", "Push refused: encrypt_type=aes but WeChat:EncodingAesKey is not configured");
                }

                if (!fields.TryGetValue("Encrypt", out var encrypt) || string.IsNullOrEmpty(encrypt))
                {
                    return new PushOpening.Refused(400, "Encrypt is missing", "Push refused: Encrypt is missing");
                }

                // Authenticate the body before decrypting it.
                if (!codec.VerifyMessageSignature(query.MsgSignature, query.Timestamp!, query.Nonce!, encrypt))
                {
                    return new PushOpening.Refused(401, "invalid msg_signature", "Push refused: invalid msg_signature");
                }

                (var plaintext, crypto) = codec.Decrypt(encrypt);
                fields = WeChatXmlReader.ReadFields(plaintext);
            }

            return new PushOpening.Opened(IncomingMessageParser.Parse(fields), query, crypto);
        }
        catch (WeChatXmlException ex)
        {
            return new PushOpening.Refused(400, "malformed XML", $"Push refused: {ex.Message}");
        }
        catch (WeChatCryptoException ex)
        {
            return new PushOpening.Refused(400, "decryption failed", $"Push refused: decryption failed ({ex.Message}); check WeChat:EncodingAesKey and WeChat:AppId");
        }
    }

    /// <summary>The reply to a push: <c>success</c>, or its XML — encrypted and signed when the push was.</summary>
    public SealedReply Seal(Reply reply, PushOpening.Opened push)
    {
        if (reply is NoReply)
        {
            return new SealedReply(TextContentType, WeChatReplyWriter.Success);
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var xml = WeChatReplyWriter.Render(reply, push.Message.FromUserName, push.Message.ToUserName, now);
        return push.Envelope is WeChatMessageCrypto crypto
            ? new SealedReply(XmlContentType, codec.Seal(xml, crypto, now.ToString(CultureInfo.InvariantCulture), push.Query.Nonce!))
            : new SealedReply(XmlContentType, xml);
    }
}
