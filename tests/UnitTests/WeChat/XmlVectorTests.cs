using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.WeChat.Xml;

namespace WeChatGpt.UnitTests.WeChat;

public sealed partial class XmlVectorTests
{
    public static TheoryData<string> Inbound => Vectors.Ids("inbound_messages");

    [Theory]
    [MemberData(nameof(Inbound))]
    public void Inbound_FieldsAreReadAsInTheVector(string id)
    {
        var v = Vectors.Get("inbound_messages", id);

        var fields = WeChatXmlReader.ReadFields(v.Str("xml"));

        foreach (var expected in v.GetProperty("fields").EnumerateObject())
        {
            fields[expected.Name].ShouldBe(expected.Value.GetString(), expected.Name);
        }
    }

    [Theory]
    [InlineData("text", typeof(TextMessage))]
    [InlineData("image", typeof(ImageMessage))]
    [InlineData("voice", typeof(VoiceMessage))]
    [InlineData("voice_with_recognition", typeof(VoiceMessage))]
    [InlineData("video", typeof(VideoMessage))]
    [InlineData("shortvideo", typeof(VideoMessage))]
    [InlineData("location", typeof(LocationMessage))]
    [InlineData("link", typeof(LinkMessage))]
    [InlineData("event_subscribe", typeof(SubscribeEvent))]
    [InlineData("event_subscribe_qrscene", typeof(SubscribeEvent))]
    [InlineData("event_unsubscribe", typeof(UnsubscribeEvent))]
    [InlineData("event_SCAN", typeof(ScanEvent))]
    [InlineData("event_LOCATION", typeof(LocationEvent))]
    [InlineData("event_CLICK", typeof(MenuClickEvent))]
    [InlineData("event_VIEW", typeof(MenuViewEvent))]
    public void Inbound_ParsesToTheTypedMessage(string id, Type expected)
    {
        var v = Vectors.Get("inbound_messages", id);
        var fields = v.GetProperty("fields");

        var message = IncomingMessageParser.Parse(WeChatXmlReader.ReadFields(v.Str("xml")));

        message.ShouldBeOfType(expected);
        message.FromUserName.ShouldBe(fields.Str("FromUserName"));
        message.ToUserName.ShouldBe(fields.Str("ToUserName"));
        message.CreateTime.ShouldBe(long.Parse(fields.Str("CreateTime"), System.Globalization.CultureInfo.InvariantCulture));
        if (fields.OptStr("MsgId") is { } msgId)
        {
            message.Key.ShouldBe(MessageKey.ForMessage(long.Parse(msgId, System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            message.Key.ShouldBe(MessageKey.ForEvent(fields.Str("FromUserName"), message.CreateTime));
        }
    }

    [Fact]
    public void Inbound_TypedFields_CarryTheirValues()
    {
        Parse<TextMessage>("text").Content.ShouldBe(Vectors.Get("inbound_messages", "text").GetProperty("fields").Str("Content"));
        Parse<VoiceMessage>("voice_with_recognition").Recognition.ShouldBe("Meow~");
        Parse<VoiceMessage>("voice").Recognition.ShouldBeNull();
        Parse<VideoMessage>("shortvideo").IsShortVideo.ShouldBeTrue();
        Parse<VideoMessage>("video").IsShortVideo.ShouldBeFalse();
        var location = Parse<LocationMessage>("location");
        location.Latitude.ShouldBe(23.134521);
        location.Longitude.ShouldBe(113.358803);
        location.Scale.ShouldBe(20);
        location.Label.ShouldBe("位置信息");
        Parse<LinkMessage>("link").Title.ShouldBe("公众平台官网链接");
        Parse<SubscribeEvent>("event_subscribe_qrscene").Scene.ShouldBe("123123");
        Parse<SubscribeEvent>("event_subscribe").Scene.ShouldBeNull();
        Parse<ScanEvent>("event_SCAN").EventKey.ShouldBe("123123");
        Parse<LocationEvent>("event_LOCATION").Precision.ShouldBe(119.385040);
        Parse<MenuClickEvent>("event_CLICK").EventKey.ShouldBe("EVENTKEY");
        Parse<MenuViewEvent>("event_VIEW").EventKey.ShouldBe("www.qq.com");
    }

    public static TheoryData<string> Replies => Vectors.Ids("passive_replies");

    [Theory]
    [MemberData(nameof(Replies))]
    public void Reply_RendersEquivalentToTheVector(string id)
    {
        var v = Vectors.Get("passive_replies", id);
        var expected = v.Str("xml");
        var fields = WeChatXmlReader.ReadFields(expected);
        Reply reply = id switch
        {
            "reply_text" => new TextReply(fields["Content"]),
            "reply_image" => new ImageReply(fields["Image/MediaId"]),
            "reply_voice" => new VoiceReply(fields["Voice/MediaId"]),
            "reply_video" => new VideoReply(fields["Video/MediaId"], fields["Video/Title"], fields["Video/Description"]),
            "reply_music" => new MusicReply(fields["Music/ThumbMediaId"], fields["Music/Title"], fields["Music/Description"], fields["Music/MusicUrl"], fields["Music/HQMusicUrl"]),
            "reply_news" => new NewsReply(
            [
                new NewsArticle("title", "description", "picUrl", "url"),
                new NewsArticle("title", "description", "picUrl", "url"),
            ]),
            _ => throw new InvalidOperationException(id),
        };

        var xml = WeChatReplyWriter.Render(reply, fields["ToUserName"], fields["FromUserName"], long.Parse(fields["CreateTime"], System.Globalization.CultureInfo.InvariantCulture));

        // The source (WxJava) compares with all whitespace removed; so do we.
        Whitespace().Replace(xml, string.Empty).ShouldBe(Whitespace().Replace(expected, string.Empty));
    }

    private static T Parse<T>(string id) where T : IncomingMessage =>
        IncomingMessageParser.Parse(WeChatXmlReader.ReadFields(Vectors.Get("inbound_messages", id).Str("xml"))).ShouldBeOfType<T>();

    [GeneratedRegex(@"\s")]
    private static partial Regex Whitespace();
}
