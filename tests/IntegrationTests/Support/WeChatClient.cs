using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using WeChatGpt.Infrastructure.WeChat.Crypto;
using WeChatGpt.Infrastructure.WeChat.Xml;

namespace WeChatGpt.IntegrationTests.Support;

public enum WireMode
{
    Plaintext,
    Compatible,
    Safe,
}

/// <summary>Plays WeChat's server: signs (and encrypts) pushes the way WeChat does, and opens our replies.</summary>
public sealed partial class WeChatClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public string Token { get; init; } = WeChatGptFactory.Token;

    public string AppId { get; init; } = WeChatGptFactory.AppId;

    public string EncodingAesKey { get; init; } = WeChatGptFactory.EncodingAesKey;

    /// <summary>The clock of the request timestamps (the app's, when a test runs it on a manual clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Nonce() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);

    /// <summary>A signed push. The returned request can be sent again byte for byte, as WeChat's redeliveries are.</summary>
    public PushRequest Push(string xml, WireMode mode = WireMode.Plaintext, string? timestamp = null, string? nonce = null)
    {
        timestamp ??= Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        nonce ??= Nonce();
        xml = OnThisClock(xml);
        var signature = WeChatSignature.Compute(Token, timestamp, nonce);
        var query = $"/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}&openid={Uri.EscapeDataString(FromUser(xml))}";
        var body = xml;
        if (mode != WireMode.Plaintext)
        {
            var encrypt = new WeChatMessageCrypto(EncodingAesKey, AppId).Encrypt(xml);
            var msgSignature = WeChatSignature.Compute(Token, timestamp, nonce, encrypt);
            query += $"&encrypt_type=aes&msg_signature={msgSignature}";
            var envelope = $"<Encrypt><![CDATA[{encrypt}]]></Encrypt>";
            body = mode == WireMode.Safe
                ? $"<xml><ToUserName><![CDATA[gh_test]]></ToUserName>{envelope}</xml>"
                : xml.Replace("</xml>", envelope + "</xml>", StringComparison.Ordinal);
        }

        return new PushRequest(this, query, body, timestamp, nonce);
    }

    /// <summary>
    /// WeChat stamps a message's <c>CreateTime</c> from the clock it signs with. A test builds its messages before they
    /// meet a scenario's manual clock (<see cref="Messages"/> stamps the real time): a message stamped from the real
    /// clock moments ago is restamped from this client's clock, so that the app, which compares <c>CreateTime</c>
    /// with its own clock (a delivery read after WeChat can have stopped waiting), sees WeChat's timing.
    /// </summary>
    private string OnThisClock(string xml)
    {
        var stamp = CreateTime().Match(xml).Groups[1];
        if (Clock == TimeProvider.System || !stamp.Success
            || Math.Abs(long.Parse(stamp.Value, CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) > 120)
        {
            return xml;
        }

        // The same message pushed again (a test's own redelivery) keeps the time it was first stamped with, as WeChat's do.
        var restamped = Restamped.GetOrAdd(xml, _ => Clock.GetUtcNow().ToUnixTimeSeconds());
        return string.Concat(xml.AsSpan(0, stamp.Index), restamped.ToString(CultureInfo.InvariantCulture), xml.AsSpan(stamp.Index + stamp.Length));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> Restamped = new();

    [System.Text.RegularExpressions.GeneratedRegex("<CreateTime>([0-9]+)</CreateTime>")]
    private static partial System.Text.RegularExpressions.Regex CreateTime();

    public Task<PushResponse> PostAsync(string xml, WireMode mode = WireMode.Plaintext, CancellationToken cancellationToken = default) =>
        Push(xml, mode).SendAsync(cancellationToken);

    public async Task<PushResponse> SendAsync(string pathAndQuery, string body, string contentType = "text/xml", CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await Http.PostAsync(pathAndQuery, content, cancellationToken);
        return new PushResponse(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Content.Headers.ContentType?.MediaType);
    }

    private static string FromUser(string xml)
    {
        try
        {
            return WeChatXmlReader.ReadFields(xml).TryGetValue("FromUserName", out var from) ? from : string.Empty;
        }
        catch (WeChatXmlException)
        {
            return string.Empty;
        }
    }

    /// <summary>Opens a reply as WeChat would: checks the envelope's signature and decrypts it in safe mode.</summary>
    public IReadOnlyDictionary<string, string> OpenReply(PushResponse response, string? encodingAesKey = null)
    {
        var fields = WeChatXmlReader.ReadFields(response.Body);
        if (!fields.TryGetValue("Encrypt", out var encrypt))
        {
            return fields;
        }

        if (!WeChatSignature.Verify(fields["MsgSignature"], Token, fields["TimeStamp"], fields["Nonce"], encrypt))
        {
            throw new InvalidOperationException("The reply's MsgSignature does not verify.");
        }

        var plaintext = new WeChatMessageCrypto(encodingAesKey ?? EncodingAesKey, AppId).Decrypt(encrypt);
        return WeChatXmlReader.ReadFields(plaintext);
    }
}

public sealed record PushRequest(WeChatClient Client, string PathAndQuery, string Body, string Timestamp, string Nonce)
{
    public Task<PushResponse> SendAsync(CancellationToken cancellationToken = default) =>
        Client.SendAsync(PathAndQuery, Body, cancellationToken: cancellationToken);
}

public sealed record PushResponse(System.Net.HttpStatusCode Status, string Body, string? ContentType);
