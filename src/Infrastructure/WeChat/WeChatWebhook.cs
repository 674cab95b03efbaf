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
    /// <param name="QueryFingerprint">Its signed query's fingerprint: the ledger lets that query carry this message only.</param>
    public sealed record Opened(IncomingMessage Message, PushQuery Query, object? Envelope, string QueryFingerprint) : PushOpening;

    /// <param name="Status">The HTTP status (401 signature, 403 plaintext in safe mode, 400 malformed, 413 too large).</param>
    /// <param name="Body">The short plain text WeChat gets.</param>
    /// <param name="LogReason">Why, for the log (no content, no key).</param>
    /// <param name="Metric">The reason as the refusal metric counts it.</param>
    public sealed record Refused(int Status, string Body, string LogReason, string Metric) : PushOpening;
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
    public PushOpening.Refused? VerifyUrl(PushQuery query, DateTimeOffset receivedAt)
    {
        if (string.IsNullOrEmpty(query.EchoStr) || string.IsNullOrEmpty(query.Timestamp) || string.IsNullOrEmpty(query.Nonce))
        {
            return new PushOpening.Refused(400, "missing parameters", "URL verification refused: missing parameters", "malformed");
        }

        if (!codec.VerifySignature(query.Signature, query.Timestamp, query.Nonce))
        {
            return new PushOpening.Refused(401, "invalid signature", "URL verification refused: invalid signature", "signature");
        }

        // A verification is a replay too when its timestamp is stale.
        return IsFresh(query.Timestamp, receivedAt)
            ? null
            : new PushOpening.Refused(401, "stale timestamp", "URL verification refused: timestamp outside the allowed skew", "stale");
    }

    /// <summary>Checks a push's query before its body is read.</summary>
    public PushOpening.Refused? CheckQuery(PushQuery query, DateTimeOffset receivedAt)
    {
        if (string.IsNullOrEmpty(query.Timestamp) || string.IsNullOrEmpty(query.Nonce)
            || !codec.VerifySignature(query.Signature, query.Timestamp, query.Nonce))
        {
            return new PushOpening.Refused(401, "invalid signature", "Push refused: invalid or missing signature", "signature");
        }

        // A redelivery repeats the first request byte for byte (within ~15 s): it passes here and the ledger
        // answers it. A replay older than the allowed skew does not.
        if (!IsFresh(query.Timestamp, receivedAt))
        {
            return new PushOpening.Refused(401, "stale timestamp", "Push refused: timestamp outside the allowed skew", "stale");
        }

        return null;
    }

    /// <summary>Within <c>WeChat:MaxTimestampSkew</c> of now (compared without arithmetic on the untrusted value: no overflow).</summary>
    private bool IsFresh(string timestamp, DateTimeOffset receivedAt)
    {
        if (!long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var now = receivedAt.ToUnixTimeSeconds();
        var skew = (long)options.CurrentValue.MaxTimestampSkew.TotalSeconds;
        return seconds >= now - skew && seconds <= now + skew;
    }

    /// <summary>The body of a push whose query passed <see cref="CheckQuery"/>: decrypted when encrypted, parsed into a message.</summary>
    public PushOpening Open(PushQuery query, ReadOnlyMemory<byte> body)
    {
        try
        {
            var fields = WeChatXmlReader.ReadFields(body);
            WeChatMessageCrypto? crypto = null;
            if (!query.IsEncrypted && options.CurrentValue.Encryption == EncryptionMode.Safe)
            {
                // In safe mode WeChat encrypts every push: a plaintext one is someone else's (a downgrade).
                return new PushOpening.Refused(403, "plaintext pushes are refused in safe mode", "Push refused: plaintext push while WeChat:EncryptionMode is Safe", "plaintext");
            }

            if (query.IsEncrypted)
            {
                if (!codec.HasEncodingAesKey)
                {
                    return new PushOpening.Refused(400, "encryption is not configured", "Push refused: encrypt_type=aes but WeChat:EncodingAesKey is not configured", "decryption");
                }

                if (!fields.TryGetValue("Encrypt", out var encrypt) || string.IsNullOrEmpty(encrypt))
                {
                    return new PushOpening.Refused(400, "Encrypt is missing", "Push refused: Encrypt is missing", "malformed");
                }

                // Authenticate the body before decrypting it.
                if (!codec.VerifyMessageSignature(query.MsgSignature, query.Timestamp!, query.Nonce!, encrypt))
                {
                    return new PushOpening.Refused(401, "invalid msg_signature", "Push refused: invalid msg_signature", "signature");
                }

                (var plaintext, crypto) = codec.Decrypt(encrypt);
                fields = WeChatXmlReader.ReadFields(plaintext);
            }

            return new PushOpening.Opened(IncomingMessageParser.Parse(fields), query, crypto, Fingerprint(query));
        }
        catch (WeChatXmlException ex)
        {
            return new PushOpening.Refused(400, "malformed XML", $"Push refused: {ex.Message}", "malformed");
        }
        catch (WeChatCryptoException ex)
        {
            return new PushOpening.Refused(400, "decryption failed", $"Push refused: decryption failed ({ex.Message}); check WeChat:EncodingAesKey and WeChat:AppId", "decryption");
        }
    }

    /// <summary>The signed query in 32 hex characters (signature, timestamp and nonce: what a replay would reuse).</summary>
    public static string Fingerprint(PushQuery query) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{query.Signature}\n{query.Timestamp}\n{query.Nonce}")))[..32];

    /// <summary>The refusal of a push whose signed query already carried another message (a replay with another body).</summary>
    public static PushOpening.Refused ReusedQuery { get; } =
        new(401, "query already used", "Push refused: its signed query already carried another message", "reused-query");

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
