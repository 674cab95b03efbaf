using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WeChatGpt.Bench;

/// <summary>What the driver sends as WeChat would: signed queries and push bodies.</summary>
internal static class Signing
{
    private static long _nonce = Random.Shared.NextInt64(1_000_000, 1_000_000_000);

    /// <summary>
    /// A signed query for ONE push, as WeChat signs each: a timestamp of now and a nonce of its own (the service
    /// refuses a signed query that carries a second message). Its redeliveries reuse it.
    /// </summary>
    public static string Query(string token = AppProcess.Token, long? timestamp = null)
    {
        var time = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var nonce = Interlocked.Increment(ref _nonce).ToString(CultureInfo.InvariantCulture);
        var parts = new[] { token, time, nonce };
        Array.Sort(parts, StringComparer.Ordinal);
#pragma warning disable CA5350 // WeChat's protocol
        var signature = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
#pragma warning restore CA5350
        return $"?signature={signature}&timestamp={time}&nonce={nonce}";
    }

    public static HttpClient Client(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static string Text(string from, string content, long msgId) =>
        $"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{msgId}</MsgId></xml>";

    public static string Voice(string from, string recognition, long msgId) =>
        $"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media-{msgId}]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[{recognition}]]></Recognition><MsgId>{msgId}</MsgId></xml>";

    public static string Event(string from, string name, string? key = null) =>
        $"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{name}]]></Event>"
        + (key is null ? string.Empty : $"<EventKey><![CDATA[{key}]]></EventKey>") + "</xml>";
}
