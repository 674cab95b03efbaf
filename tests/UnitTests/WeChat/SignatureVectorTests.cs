using Shouldly;
using WeChatGpt.Infrastructure.WeChat.Crypto;

namespace WeChatGpt.UnitTests.WeChat;

public sealed class SignatureVectorTests
{
    public static TheoryData<string> UrlSignatures => Vectors.Ids("url_signature");

    [Theory]
    [MemberData(nameof(UrlSignatures))]
    public void Signature_MatchesVector(string id)
    {
        var v = Vectors.Get("url_signature", id);

        WeChatSignature.Compute(v.Str("token"), v.Str("timestamp"), v.Str("nonce")).ShouldBe(v.Str("signature"));
        WeChatSignature.Verify(v.Str("signature"), v.Str("token"), v.Str("timestamp"), v.Str("nonce")).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(UrlSignatures))]
    public void Signature_IsRejected_WhenAnyInputDiffers(string id)
    {
        var v = Vectors.Get("url_signature", id);

        WeChatSignature.Verify(v.Str("signature"), v.Str("token") + "x", v.Str("timestamp"), v.Str("nonce")).ShouldBeFalse();
        WeChatSignature.Verify(v.Str("signature"), v.Str("token"), v.Str("timestamp") + "1", v.Str("nonce")).ShouldBeFalse();
        WeChatSignature.Verify(v.Str("signature")[..39] + "0", v.Str("token"), v.Str("timestamp"), v.Str("nonce")).ShouldBe(v.Str("signature").EndsWith('0'));
    }

    [Fact]
    public void Signature_AcceptsUppercaseHex_AndRejectsMissingOrShort()
    {
        var v = Vectors.Get("url_signature", "official_url_verify_AAAAA");

        WeChatSignature.Verify(v.Str("signature").ToUpperInvariant(), "AAAAA", v.Str("timestamp"), v.Str("nonce")).ShouldBeTrue();
        WeChatSignature.Verify(null, "AAAAA", v.Str("timestamp"), v.Str("nonce")).ShouldBeFalse();
        WeChatSignature.Verify("abc", "AAAAA", v.Str("timestamp"), v.Str("nonce")).ShouldBeFalse();
    }

    [Fact]
    public void Signature_SortsOrdinally_SoPlusAndSlashComeBeforeDigits()
    {
        // The official safe-mode example sorts an Encrypt starting with '+' first.
        var v = Vectors.Get("safe_mode", "official_safe_mode_json_AAAA");

        WeChatSignature.Compute(v.Str("token"), v.Str("timestamp"), v.Str("nonce"), v.Str("encrypt")).ShouldBe(v.Str("msg_signature"));
    }
}
