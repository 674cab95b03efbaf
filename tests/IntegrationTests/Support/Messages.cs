using System.Globalization;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>Inbound message XML as WeChat sends it.</summary>
public static class Messages
{
    private static long _nextMsgId = 7_000_000_000_000_000_000 + (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 1_000_000) * 1_000;

    public const string Account = "gh_test";

    /// <summary>A passive reply without its <c>CreateTime</c> (which is the time each delivery is answered), to compare replies.</summary>
    public static string WithoutCreateTime(string replyXml)
    {
        var reply = System.Xml.Linq.XElement.Parse(replyXml);
        reply.Element("CreateTime")?.Remove();
        return reply.ToString();
    }

    public static long NextMsgId() => Interlocked.Increment(ref _nextMsgId);

    /// <summary>A reply's text without its "（还有 N 段，回复“继续”查看）", when it has one.</summary>
    public static string StripHint(string reply)
    {
        var hint = reply.LastIndexOf("\n\n（还有", StringComparison.Ordinal);
        return hint >= 0 ? reply[..hint] : reply;
    }

    public static string Text(string from, string content, long? msgId = null, long? createTime = null) =>
        $"<xml><ToUserName><![CDATA[{Account}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{(createTime ?? Now()).ToString(CultureInfo.InvariantCulture)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{(msgId ?? NextMsgId()).ToString(CultureInfo.InvariantCulture)}</MsgId></xml>";

    public static string Voice(string from, string mediaId, string? recognition = null, long? msgId = null) =>
        $"<xml><ToUserName><![CDATA[{Account}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{Now().ToString(CultureInfo.InvariantCulture)}</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[{mediaId}]]></MediaId><Format><![CDATA[amr]]></Format>"
        + (recognition is null ? string.Empty : $"<Recognition><![CDATA[{recognition}]]></Recognition>")
        + $"<MsgId>{(msgId ?? NextMsgId()).ToString(CultureInfo.InvariantCulture)}</MsgId></xml>";

    public static string Image(string from, string? mediaId, string? picUrl = null, long? msgId = null) =>
        $"<xml><ToUserName><![CDATA[{Account}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{Now().ToString(CultureInfo.InvariantCulture)}</CreateTime><MsgType><![CDATA[image]]></MsgType>"
        + (picUrl is null ? string.Empty : $"<PicUrl><![CDATA[{picUrl}]]></PicUrl>")
        + (mediaId is null ? string.Empty : $"<MediaId><![CDATA[{mediaId}]]></MediaId>")
        + $"<MsgId>{(msgId ?? NextMsgId()).ToString(CultureInfo.InvariantCulture)}</MsgId></xml>";

    public static string Event(string from, string name, string? eventKey = null, long? createTime = null) =>
        $"<xml><ToUserName><![CDATA[{Account}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{(createTime ?? Now()).ToString(CultureInfo.InvariantCulture)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{name}]]></Event>"
        + (eventKey is null ? string.Empty : $"<EventKey><![CDATA[{eventKey}]]></EventKey>") + "</xml>";

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
