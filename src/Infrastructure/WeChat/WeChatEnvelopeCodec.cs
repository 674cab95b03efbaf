using Microsoft.Extensions.Options;
using WeChatGpt.Infrastructure.WeChat.Crypto;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Infrastructure.WeChat;

/// <summary>
/// Signatures and safe-mode encryption with the configured keys: the current <c>EncodingAesKey</c> and,
/// during a rotation, the previous one (decrypt with either, reply with the one that worked).
/// </summary>
public sealed class WeChatEnvelopeCodec(IOptionsMonitor<WeChatOptions> options)
{
    private (string? Current, string? Previous, string? AppId, WeChatMessageCrypto[] Cryptos) _cache;

    public bool HasEncodingAesKey => !string.IsNullOrEmpty(options.CurrentValue.EncodingAesKey);

    public bool VerifySignature(string? signature, string timestamp, string nonce) =>
        WeChatSignature.Verify(signature, options.CurrentValue.Token, timestamp, nonce);

    public bool VerifyMessageSignature(string? msgSignature, string timestamp, string nonce, string encrypt) =>
        WeChatSignature.Verify(msgSignature, options.CurrentValue.Token, timestamp, nonce, encrypt);

    /// <summary>Decrypts with the current key, then the previous one.</summary>
    /// <returns>The plaintext and the crypto that opened it (to seal the reply with).</returns>
    public (string Plaintext, WeChatMessageCrypto Crypto) Decrypt(string encrypt)
    {
        WeChatCryptoException? failure = null;
        foreach (var crypto in Cryptos())
        {
            try
            {
                return (crypto.Decrypt(encrypt), crypto);
            }
            catch (WeChatCryptoException ex)
            {
                failure = ex;
            }
        }

        throw failure ?? new WeChatCryptoException("WeChat:EncodingAesKey is not configured.");
    }

    /// <summary>Encrypts a reply and wraps it in the signed envelope.</summary>
    public string Seal(string replyXml, WeChatMessageCrypto crypto, string timestamp, string nonce)
    {
        var encrypt = crypto.Encrypt(replyXml);
        var signature = WeChatSignature.Compute(options.CurrentValue.Token, timestamp, nonce, encrypt);
        return Xml.WeChatReplyWriter.RenderEncrypted(encrypt, signature, timestamp, nonce);
    }

    private WeChatMessageCrypto[] Cryptos()
    {
        var o = options.CurrentValue;
        var cache = _cache;
        if (cache.Cryptos is not null && cache.Current == o.EncodingAesKey && cache.Previous == o.PreviousEncodingAesKey && cache.AppId == o.AppId)
        {
            return cache.Cryptos;
        }

        var cryptos = new[] { o.EncodingAesKey, o.PreviousEncodingAesKey }
            .Where(k => !string.IsNullOrEmpty(k))
            .Select(k => new WeChatMessageCrypto(k!, o.AppId ?? string.Empty))
            .ToArray();
        _cache = (o.EncodingAesKey, o.PreviousEncodingAesKey, o.AppId, cryptos);
        return cryptos;
    }
}
