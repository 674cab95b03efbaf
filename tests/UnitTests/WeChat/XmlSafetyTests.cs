using Shouldly;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.WeChat.Xml;

namespace WeChatGpt.UnitTests.WeChat;

public sealed class XmlSafetyTests
{
    [Fact]
    public void ExternalEntity_IsRefused()
    {
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>
            """;

        Should.Throw<WeChatXmlException>(() => WeChatXmlReader.ReadFields(xxe)).Message.ShouldContain("DTD");
    }

    [Fact]
    public void BillionLaughs_IsRefusedWithoutExpanding()
    {
        const string lol = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
            <xml><Content>&lol9;</Content></xml>
            """;

        Should.Throw<WeChatXmlException>(() => WeChatXmlReader.ReadFields(lol));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("<xml><Content>unclosed</xml>")]
    [InlineData("<other><Content>x</Content></other>")]
    [InlineData("{\"ToUserName\":\"x\"}")]
    public void Malformed_IsRefused(string body) =>
        Should.Throw<WeChatXmlException>(() => WeChatXmlReader.ReadFields(body));

    [Theory]
    [InlineData("<xml><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>", "ToUserName")]
    [InlineData("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>x</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>", "CreateTime")]
    [InlineData("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>", "MsgId")]
    public void MissingRequiredField_IsNamed(string body, string field) =>
        Should.Throw<WeChatXmlException>(() => IncomingMessageParser.Parse(WeChatXmlReader.ReadFields(body))).Message.ShouldContain(field);

    [Fact]
    public void DocumentLargerThanTheCap_IsRefused()
    {
        var body = "<xml><Content>" + new string('x', 10_000) + "</Content></xml>";

        Should.Throw<WeChatXmlException>(() => WeChatXmlReader.ReadFields(body, maxCharacters: 1_000));
    }

    [Fact]
    public void UnknownTypesAndEvents_AreKept_NotRefused()
    {
        var template = IncomingMessageParser.Parse(WeChatXmlReader.ReadFields(
            "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>7</CreateTime><MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event></xml>"));
        var miniprogram = IncomingMessageParser.Parse(WeChatXmlReader.ReadFields(
            "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>7</CreateTime><MsgType>miniprogrampage</MsgType><MsgId>9</MsgId></xml>"));

        template.ShouldBeOfType<UnknownMessage>().Key.ShouldBe(MessageKey.ForEvent("b", 7));
        miniprogram.ShouldBeOfType<UnknownMessage>().Key.ShouldBe(MessageKey.ForMessage(9));
    }

    [Fact]
    public void Reply_WithCdataTerminatorAndControlChars_StaysWellFormedAndKeepsTheText()
    {
        const string content = "a]]>b\u0001c\u0000d 😀 \ud800e";

        var xml = WeChatReplyWriter.Render(new TextReply(content), "to", "from", 1);
        var fields = WeChatXmlReader.ReadFields(xml);

        fields["Content"].ShouldBe("a]]>bcd 😀 e");
    }

    [Fact]
    public void NoReply_RendersSuccess() =>
        WeChatReplyWriter.Render(Reply.None, "to", "from", 1).ShouldBe("success");
}
