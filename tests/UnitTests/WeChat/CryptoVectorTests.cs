using System.Text;
using Shouldly;
using WeChatGpt.Infrastructure.WeChat.Crypto;
using WeChatGpt.Infrastructure.WeChat.Xml;

namespace WeChatGpt.UnitTests.WeChat;

public sealed class CryptoVectorTests
{
    public static TheoryData<string> SafeMode => Vectors.Ids("safe_mode");

    public static TheoryData<string> Roundtrips => Vectors.Ids("encrypt_roundtrip");

    [Theory]
    [MemberData(nameof(SafeMode))]
    public void Decrypt_RecoversThePlaintext_AndChecksTheMsgSignature(string id)
    {
        var v = Vectors.Get("safe_mode", id);
        var crypto = new WeChatMessageCrypto(v.Str("encoding_aes_key"), v.Str("appid"));

        WeChatSignature.Verify(v.Str("msg_signature"), v.Str("token"), v.Str("timestamp"), v.Str("nonce"), v.Str("encrypt")).ShouldBeTrue();
        crypto.Decrypt(v.Str("encrypt")).ShouldBe(v.Str("plaintext"));
        if (v.OptStr("signature") is { } signature)
        {
            WeChatSignature.Verify(signature, v.Str("token"), v.Str("timestamp"), v.Str("nonce")).ShouldBeTrue();
        }
    }

    [Theory]
    [MemberData(nameof(SafeMode))]
    public void Decrypt_RefusesAnotherAppId(string id)
    {
        var v = Vectors.Get("safe_mode", id);
        var crypto = new WeChatMessageCrypto(v.Str("encoding_aes_key"), "wx0000000000000000");

        Should.Throw<WeChatCryptoException>(() => crypto.Decrypt(v.Str("encrypt")));
    }

    [Theory]
    [MemberData(nameof(Roundtrips))]
    public void Encrypt_WithTheVectorsRandom_IsByteIdentical(string id)
    {
        var v = Vectors.Get("encrypt_roundtrip", id);
        var crypto = new WeChatMessageCrypto(v.Str("encoding_aes_key"), v.Str("appid"));

        var encrypt = crypto.Encrypt(v.Str("plaintext"), Encoding.ASCII.GetBytes(v.Str("random")));

        encrypt.ShouldBe(v.Str("encrypt"));
        crypto.Decrypt(encrypt).ShouldBe(v.Str("plaintext"));
        if (v.OptStr("msg_signature") is { } msgSignature)
        {
            WeChatSignature.Compute(v.Str("token"), v.Str("timestamp"), v.Str("nonce"), encrypt).ShouldBe(msgSignature);
        }

        if (v.OptStr("reply_xml") is { } envelope)
        {
            WeChatReplyWriter.RenderEncrypted(encrypt, v.Str("msg_signature"), v.Str("timestamp"), v.Str("nonce")).ShouldBe(envelope);
        }
    }

    [Fact]
    public void Padding_UsesThirtyTwoByteBlocks()
    {
        // fullstr 205 bytes → 224 (pad 19 > 16): a 16-byte PKCS#7 would produce 208.
        var v = Vectors.Get("safe_mode", "official_safe_mode_json_AAAA");
        var crypto = new WeChatMessageCrypto(v.Str("encoding_aes_key"), v.Str("appid"));

        var encrypt = crypto.Encrypt(v.Str("plaintext"), Encoding.ASCII.GetBytes(v.Str("random")));

        encrypt.ShouldBe(v.Str("encrypt"));
        Convert.FromBase64String(encrypt).Length.ShouldBe(224);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C")]
    [InlineData("kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR")]
    public void Key_WithNonZeroTrailingBits_DecodesLikeItsCanonicalForm(string key)
    {
        var canonical = key[..^1] + key[^1] switch { 'G' => 'E', 'C' => 'A', 'R' => 'Q', _ => key[^1] };

        WeChatMessageCrypto.DecodeKey(key).ShouldBe(Convert.FromBase64String(canonical + "="));
        WeChatMessageCrypto.DecodeKey(key).Length.ShouldBe(32);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF+")]
    public void Key_ThatIsNotFortyThreeAlphanumerics_IsRefused(string key) =>
        Should.Throw<ArgumentException>(() => WeChatMessageCrypto.DecodeKey(key));

    [Fact]
    public void Encrypt_WithRandomPrefix_RoundTripsUnicode()
    {
        var crypto = new WeChatMessageCrypto(new string('A', 43), "wxtest");
        const string text = "<xml><Content><![CDATA[你好 😀 \n end]]></Content></xml>";

        var first = crypto.Encrypt(text);
        var second = crypto.Encrypt(text);

        first.ShouldNotBe(second);
        crypto.Decrypt(first).ShouldBe(text);
        crypto.Decrypt(second).ShouldBe(text);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Decrypt_OfGarbage_ThrowsACryptoError(string encrypt)
    {
        var crypto = new WeChatMessageCrypto(new string('A', 43), "wxtest");

        Should.Throw<WeChatCryptoException>(() => crypto.Decrypt(encrypt));
    }
}
