using System.Globalization;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Infrastructure.WeChat.Xml;

/// <summary>Maps the fields of a pushed document to the typed domain message (wechat-protocol.md §2.2–2.4).</summary>
public static class IncomingMessageParser
{
    public static IncomingMessage Parse(IReadOnlyDictionary<string, string> fields)
    {
        var to = Required(fields, "ToUserName");
        var from = Required(fields, "FromUserName");
        var createTime = Int64(fields, "CreateTime") ?? throw new WeChatXmlException("CreateTime is missing or not a number.");
        var msgType = Required(fields, "MsgType");

        return msgType switch
        {
            "text" => new TextMessage { ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = MsgId(fields), Content = Optional(fields, "Content") ?? string.Empty },
            "image" => new ImageMessage { ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = MsgId(fields), PicUrl = Optional(fields, "PicUrl"), MediaId = Optional(fields, "MediaId") },
            "voice" => new VoiceMessage
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = MsgId(fields),
                MediaId = Optional(fields, "MediaId") ?? string.Empty,
                Format = Optional(fields, "Format"),
                Recognition = Optional(fields, "Recognition"),
                MediaId16K = Optional(fields, "MediaId16K"),
            },
            "video" or "shortvideo" => new VideoMessage
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = MsgId(fields),
                MediaId = Optional(fields, "MediaId"), ThumbMediaId = Optional(fields, "ThumbMediaId"), IsShortVideo = msgType == "shortvideo",
            },
            "location" => new LocationMessage
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = MsgId(fields),
                Latitude = Double(fields, "Location_X"), Longitude = Double(fields, "Location_Y"),
                Scale = (int)(Int64(fields, "Scale") ?? 0), Label = Optional(fields, "Label"),
            },
            "link" => new LinkMessage
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = MsgId(fields),
                Title = Optional(fields, "Title"), Description = Optional(fields, "Description"), Url = Optional(fields, "Url"),
            },
            "event" => ParseEvent(fields, to, from, createTime),
            _ => new UnknownMessage { ToUserName = to, FromUserName = from, CreateTime = createTime, MsgType = msgType, MsgId = Int64(fields, "MsgId") },
        };
    }

    private static IncomingMessage ParseEvent(IReadOnlyDictionary<string, string> fields, string to, string from, long createTime)
    {
        var name = Required(fields, "Event");
        // Event names are documented in mixed case (subscribe, SCAN, LOCATION, CLICK, VIEW); compare without case.
        return name.ToUpperInvariant() switch
        {
            "SUBSCRIBE" => new SubscribeEvent { ToUserName = to, FromUserName = from, CreateTime = createTime, EventKey = Optional(fields, "EventKey"), Ticket = Optional(fields, "Ticket") },
            "UNSUBSCRIBE" => new UnsubscribeEvent { ToUserName = to, FromUserName = from, CreateTime = createTime },
            "SCAN" => new ScanEvent { ToUserName = to, FromUserName = from, CreateTime = createTime, EventKey = Optional(fields, "EventKey"), Ticket = Optional(fields, "Ticket") },
            "LOCATION" => new LocationEvent
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime,
                Latitude = Double(fields, "Latitude"), Longitude = Double(fields, "Longitude"), Precision = Double(fields, "Precision"),
            },
            "CLICK" => new MenuClickEvent { ToUserName = to, FromUserName = from, CreateTime = createTime, EventKey = Optional(fields, "EventKey") ?? string.Empty },
            "VIEW" => new MenuViewEvent { ToUserName = to, FromUserName = from, CreateTime = createTime, EventKey = Optional(fields, "EventKey"), MenuId = Optional(fields, "MenuId") },
            _ => new UnknownMessage { ToUserName = to, FromUserName = from, CreateTime = createTime, MsgType = "event", Event = name },
        };
    }

    private static string Required(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : throw new WeChatXmlException($"{name} is missing.");

    private static string? Optional(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value : null;

    private static long MsgId(IReadOnlyDictionary<string, string> fields) =>
        Int64(fields, "MsgId") ?? throw new WeChatXmlException("MsgId is missing or not a number.");

    private static long? Int64(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static double Double(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : 0d;
}
