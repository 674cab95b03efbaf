using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;
using Microsoft.Extensions.Options;
using NSubstitute;
using Shouldly;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Infrastructure.WeChat;
using WeChatGpt.Infrastructure.WeChat.Crypto;
using WeChatGpt.Infrastructure.WeChat.Xml;

namespace WeChatGpt.UnitTests.WeChat;

/// <summary>
/// Property-based tests (CsCheck) of what an attacker controls on the webhook: the XML reader, the AES envelope and
/// the signed query. Thousands of generated and mutated inputs per run: never an exception other than the reader's
/// or the envelope's own refusal, and bounded time and allocation per input.
/// </summary>
public sealed class HostileInputProperties
{
    private const string Token = "AAAAA";
    private const string AppId = "wxba5fad812f8e6fb9";
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const long Iterations = 3_000;

    /// <summary>Allocation allowed per input: a constant plus a linear factor of its size (quadratic cost fails it).</summary>
    private static long AllocationBudget(int inputLength) => 512 * 1024 + (64L * inputLength);

    /// <summary>Wall time allowed per input: very generous, it only catches super-linear blow-ups.</summary>
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(2);

    private const string Valid =
        "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[o-prop]]></FromUserName>"
        + "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 world]]></Content>"
        + "<MsgId>1234567890123456</MsgId></xml>";

    private static readonly string[] Fragments =
    [
        "<", ">", "</", "/>", "<xml>", "</xml>", "<![CDATA[", "]]>", "<!DOCTYPE x [<!ENTITY e \"e\">]>", "&e;", "&amp;", "&#0;",
        "&#xD800;", "<?xml version=\"1.0\" encoding=\"ebcdic\"?>", "<Content>", "</Content>", "<a>", "</a>", "\0", "\uFFFE",
        "<Encrypt>", "</Encrypt>", "xmlns:x=\"y\"", "<x:y/>", "<!-- c -->", "<?pi?>", "\"", "'", " ", "\r\n", "中文",
    ];

    /// <summary>A valid push with a few fragments inserted, parts deleted or repeated.</summary>
    private static readonly Gen<string> MutatedXml =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue].Array[8], Gen.Int[0, Fragments.Length - 1].Array[8])
            .Select((kind, positions, fragments) =>
            {
                var text = new StringBuilder(Valid);
                for (var i = 0; i <= kind; i++)
                {
                    var at = positions[i] % (text.Length + 1);
                    switch ((positions[i + 1] + i) % 3)
                    {
                        case 0:
                            text.Insert(at, Fragments[fragments[i]]);
                            break;
                        case 1:
                            text.Remove(at, Math.Min(positions[i + 2] % 12, text.Length - at));
                            break;
                        default:
                            var length = Math.Min(positions[i + 2] % 40, text.Length - at);
                            text.Insert(at, text.ToString(at, length));
                            break;
                    }
                }

                return text.ToString();
            });

    /// <summary>Arbitrary markup: nested elements of random depth and width, text, CDATA and noise.</summary>
    private static readonly Gen<string> Nested =
        Gen.Select(Gen.Int[1, 20_000], Gen.Int[0, 3], Gen.String[0, 20])
            .Select((depth, style, text) =>
            {
                var builder = new StringBuilder("<xml>");
                for (var i = 0; i < depth; i++)
                {
                    builder.Append(style == 0 ? "<a>" : style == 1 ? "<Content>" : "<a x=\"1\">");
                }

                builder.Append(style == 3 ? "<![CDATA[" + text + "]]>" : text.Replace("<", string.Empty, StringComparison.Ordinal));
                for (var i = 0; i < depth; i++)
                {
                    builder.Append(style == 1 ? "</Content>" : "</a>");
                }

                return builder.Append("</xml>").ToString();
            });

    private static readonly Gen<string> AnyXml = Gen.Frequency((4, MutatedXml), (2, Nested), (1, Gen.String[0, 400]));

    [Fact]
    public void TheXmlReader_RefusesOrReads_NeverThrowsAnythingElse_InBoundedTimeAndAllocation() =>
        AnyXml.Sample(body => Bounded(body.Length, () =>
        {
            try
            {
                var fields = WeChatXmlReader.ReadFields(Encoding.UTF8.GetBytes(body));
                fields.Count.ShouldBeLessThanOrEqualTo(WeChatXmlReader.MaxElements);
                fields.Values.ShouldAllBe(v => v.Length <= WeChatXmlReader.MaxFieldCharacters);
            }
            catch (WeChatXmlException)
            {
            }
        }), iter: Iterations, threads: 1);

    [Fact]
    public void TheXmlReader_RefusesDeepNesting_WithAllocationLinearInTheBody() =>
        Gen.Int[WeChatXmlReader.MaxDepth + 1, 12_000].Sample(depth =>
        {
            var body = Encoding.UTF8.GetBytes(new StringBuilder().Insert(0, "<a>", depth).Insert(0, "<xml>").ToString());
            Bounded(body.Length, () => Should.Throw<WeChatXmlException>(() => WeChatXmlReader.ReadFields(body)));
        }, iter: 300, threads: 1);

    [Fact]
    public void TheEnvelope_RoundTripsAnyText() =>
        Gen.String[Gen.Char.Where(c => !char.IsSurrogate(c)), 0, 600].Sample(text =>
        {
            var crypto = new WeChatMessageCrypto(AesKey, AppId);
            crypto.Decrypt(crypto.Encrypt(text)).ShouldBe(text);
        }, iter: Iterations, threads: 1);

    /// <summary>Random bytes, and a valid ciphertext with bits flipped, cut or grown: a clean refusal or some text, nothing else.</summary>
    [Fact]
    public void TheEnvelope_OpensOrRefuses_AnyCiphertext_NeverThrowsAnythingElse()
    {
        var crypto = new WeChatMessageCrypto(AesKey, AppId);
        var valid = Convert.FromBase64String(crypto.Encrypt(Valid));
        var mutated = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[-48, 48]).Select((at, value, resize) =>
        {
            var bytes = valid.ToArray();
            bytes[at] ^= value;
            return resize >= 0 ? [.. bytes, .. new byte[resize]] : bytes[..(bytes.Length + resize)];
        });
        var cipherText = Gen.Frequency(
            (3, mutated.Select(Convert.ToBase64String)),
            (2, Gen.Byte.Array[0, 96].Select(Convert.ToBase64String)),
            (1, Gen.Int[1, 6].Select(blocks => Convert.ToBase64String(Cbc(Enumerable.Range(0, 16 * blocks).Select(i => (byte)(i % 33)).ToArray())))),
            (1, Gen.String[0, 80]));

        cipherText.Sample(encrypt => Bounded(encrypt.Length, () =>
        {
            try
            {
                crypto.Decrypt(encrypt);
            }
            catch (WeChatCryptoException)
            {
            }
        }), iter: Iterations, threads: 1);
    }

    /// <summary>Every 16-byte block whose last byte claims 17 to 32 bytes of padding: refused, not an out-of-range exception.</summary>
    [Fact]
    public void ASixteenByteBlock_PaddedBeyondItsLength_IsRefused() =>
        Gen.Byte[17, 32].Sample(pad =>
        {
            var block = new byte[16];
            block.AsSpan().Fill(pad);
            Should.Throw<WeChatCryptoException>(() => new WeChatMessageCrypto(AesKey, AppId).Decrypt(Convert.ToBase64String(Cbc(block))));
        }, iter: 200, threads: 1);

    private static readonly string[] Edges = ["-9223372036854775808", "9223372036854775807", "99999999999999999999", "+1", "1e9", " 1", "0x10", "١٢٣"];

    private static readonly Gen<string?> QueryValue = Gen.Frequency(
        (1, Gen.Const((string?)null)),
        (1, Gen.Const((string?)string.Empty)),
        (3, Gen.String[0, 40].Select(s => (string?)s)),
        (2, Gen.Long.Select(l => (string?)l.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int[0, Edges.Length - 1].Select(i => (string?)Edges[i])));

    /// <summary>Any query: never an exception; passes only with a valid signature and a timestamp inside the skew.</summary>
    [Fact]
    public void TheQuery_IsCheckedWithoutExceptions_AndPassesOnlyWhenSignedAndFresh()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var webhook = Webhook(EncryptionMode.Compatible, now);
        var signedOrNot = Gen.Select(QueryValue, QueryValue, QueryValue, Gen.Bool, Gen.Long[-1_000, 1_000])
            .Select((signature, timestamp, nonce, sign, offset) =>
            {
                timestamp = sign && offset % 3 == 0 ? (now.ToUnixTimeSeconds() + offset).ToString(CultureInfo.InvariantCulture) : timestamp;
                return new PushQuery(sign ? WeChatSignature.Compute(Token, timestamp ?? string.Empty, nonce ?? string.Empty) : signature, timestamp, nonce, null, null, "echo");
            });

        signedOrNot.Sample(query =>
        {
            var refused = webhook.CheckQuery(query, now);
            var verification = webhook.VerifyUrl(query, now);
            var expectedFresh = long.TryParse(query.Timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                && Math.Abs((decimal)seconds - now.ToUnixTimeSeconds()) <= 300;
            var signed = !string.IsNullOrEmpty(query.Timestamp) && !string.IsNullOrEmpty(query.Nonce)
                && WeChatSignature.Verify(query.Signature ?? string.Empty, Token, query.Timestamp, query.Nonce);

            (refused is null).ShouldBe(signed && expectedFresh);
            (verification is null).ShouldBe(signed && expectedFresh);
            if (refused is not null)
            {
                refused.Status.ShouldBe(401);
            }
        }, iter: Iterations, threads: 1);
    }

    /// <summary>A signed, fresh query with any body, plain or in an envelope: opened or refused with a 4xx, never an exception.</summary>
    [Fact]
    public void AnyBody_UnderASignedQuery_IsOpenedOrRefusedWithA4xx()
    {
        var now = DateTimeOffset.UtcNow;
        var webhook = Webhook(EncryptionMode.Compatible, now);
        var crypto = new WeChatMessageCrypto(AesKey, AppId);
        var bodies = Gen.Select(AnyXml, Gen.Bool).Select((xml, encrypted) =>
        {
            var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var signature = WeChatSignature.Compute(Token, timestamp, "42");
            if (!encrypted)
            {
                return (new PushQuery(signature, timestamp, "42", null, null, null), xml);
            }

            var encrypt = crypto.Encrypt(xml);
            return (new PushQuery(signature, timestamp, "42", "aes", WeChatSignature.Compute(Token, timestamp, "42", encrypt), null),
                $"<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>");
        });

        bodies.Sample((query, body) => Bounded(body.Length, () =>
        {
            var opening = webhook.Open(query, Encoding.UTF8.GetBytes(body));
            if (opening is PushOpening.Refused refused)
            {
                refused.Status.ShouldBeInRange(400, 499);
                refused.LogReason.ShouldNotContain("o-prop");
            }
        }), iter: Iterations, threads: 1);
    }

    private static WeChatWebhook Webhook(EncryptionMode mode, DateTimeOffset now)
    {
        var options = new WeChatOptions { Token = Token, AppId = AppId, EncodingAesKey = AesKey, EncryptionMode = mode };
        var monitor = Substitute.For<IOptionsMonitor<WeChatOptions>>();
        monitor.CurrentValue.Returns(options);
        var clock = Substitute.For<TimeProvider>();
        clock.GetUtcNow().Returns(now);
        return new WeChatWebhook(new WeChatEnvelopeCodec(monitor), monitor, clock);
    }

    private static byte[] Cbc(byte[] plain)
    {
        using var aes = System.Security.Cryptography.Aes.Create();
        var key = WeChatMessageCrypto.DecodeKey(AesKey);
        aes.Key = key;
        return aes.EncryptCbc(plain, key[..16], System.Security.Cryptography.PaddingMode.None);
    }

    private static void Bounded(int inputLength, Action action)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        action();
        watch.Elapsed.ShouldBeLessThan(TimeBudget);
        (GC.GetAllocatedBytesForCurrentThread() - allocated).ShouldBeLessThan(AllocationBudget(inputLength));
    }
}
