using System.Globalization;
using System.Text;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Infrastructure.WeChat.Xml;

/// <summary>
/// Renders passive replies (wechat-protocol.md §3) and the safe-mode envelope (§4.7). Text is written
/// as CDATA with <c>]]&gt;</c> split and characters XML cannot carry removed, so that no model output can
/// make the reply malformed (which WeChat would turn into its failure notice).
/// </summary>
public static class WeChatReplyWriter
{
    /// <summary>The "no reply" body: WeChat shows nothing and does not retry.</summary>
    public const string Success = "success";

    /// <returns>The XML body, or <see cref="Success"/> for <see cref="NoReply"/>.</returns>
    public static string Render(Reply reply, string toUser, string fromUser, long createTime)
    {
        if (reply is NoReply)
        {
            return Success;
        }

        var xml = new StringBuilder(256);
        xml.Append("<xml>");
        Cdata(xml, "ToUserName", toUser);
        Cdata(xml, "FromUserName", fromUser);
        xml.Append("<CreateTime>").Append(createTime.ToString(CultureInfo.InvariantCulture)).Append("</CreateTime>");
        switch (reply)
        {
            case TextReply text:
                Cdata(xml, "MsgType", "text");
                Cdata(xml, "Content", text.Content);
                break;
            case ImageReply image:
                Cdata(xml, "MsgType", "image");
                xml.Append("<Image>");
                Cdata(xml, "MediaId", image.MediaId);
                xml.Append("</Image>");
                break;
            case VoiceReply voice:
                Cdata(xml, "MsgType", "voice");
                xml.Append("<Voice>");
                Cdata(xml, "MediaId", voice.MediaId);
                xml.Append("</Voice>");
                break;
            case VideoReply video:
                Cdata(xml, "MsgType", "video");
                xml.Append("<Video>");
                Cdata(xml, "MediaId", video.MediaId);
                Cdata(xml, "Title", video.Title ?? string.Empty);
                Cdata(xml, "Description", video.Description ?? string.Empty);
                xml.Append("</Video>");
                break;
            case MusicReply music:
                Cdata(xml, "MsgType", "music");
                xml.Append("<Music>");
                Cdata(xml, "Title", music.Title ?? string.Empty);
                Cdata(xml, "Description", music.Description ?? string.Empty);
                Cdata(xml, "ThumbMediaId", music.ThumbMediaId);
                Cdata(xml, "MusicUrl", music.MusicUrl ?? string.Empty);
                Cdata(xml, "HQMusicUrl", music.HqMusicUrl ?? string.Empty);
                xml.Append("</Music>");
                break;
            case NewsReply news:
                Cdata(xml, "MsgType", "news");
                xml.Append("<ArticleCount>").Append(news.Articles.Count.ToString(CultureInfo.InvariantCulture)).Append("</ArticleCount><Articles>");
                foreach (var article in news.Articles)
                {
                    xml.Append("<item>");
                    Cdata(xml, "Title", article.Title);
                    Cdata(xml, "Description", article.Description ?? string.Empty);
                    Cdata(xml, "PicUrl", article.PicUrl ?? string.Empty);
                    Cdata(xml, "Url", article.Url ?? string.Empty);
                    xml.Append("</item>");
                }

                xml.Append("</Articles>");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "Unknown reply type.");
        }

        xml.Append("</xml>");
        return xml.ToString();
    }

    /// <summary>The encrypted reply envelope, byte-identical to Tencent's template.</summary>
    public static string RenderEncrypted(string encrypt, string msgSignature, string timestamp, string nonce)
    {
        var xml = new StringBuilder(encrypt.Length + 200);
        xml.Append("<xml>\n");
        Cdata(xml, "Encrypt", encrypt);
        xml.Append('\n');
        Cdata(xml, "MsgSignature", msgSignature);
        xml.Append("\n<TimeStamp>").Append(timestamp).Append("</TimeStamp>\n");
        Cdata(xml, "Nonce", nonce);
        xml.Append("\n</xml>");
        return xml.ToString();
    }

    private static void Cdata(StringBuilder xml, string element, string value)
    {
        xml.Append('<').Append(element).Append("><![CDATA[");
        var clean = RemoveInvalidXmlChars(value);
        // "]]>" would end the section early: close and reopen between "]]" and ">".
        xml.Append(clean.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal));
        xml.Append("]]></").Append(element).Append('>');
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters, unpaired surrogates).</summary>
    public static string RemoveInvalidXmlChars(string value)
    {
        var firstInvalid = -1;
        for (var i = 0; i < value.Length; i++)
        {
            if (!IsValidAt(value, i, out var width))
            {
                firstInvalid = i;
                break;
            }

            i += width - 1;
        }

        if (firstInvalid < 0)
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        result.Append(value, 0, firstInvalid);
        for (var i = firstInvalid; i < value.Length; i++)
        {
            if (IsValidAt(value, i, out var width))
            {
                result.Append(value, i, width);
                i += width - 1;
            }
        }

        return result.ToString();
    }

    private static bool IsValidAt(string value, int index, out int width)
    {
        var c = value[index];
        width = 1;
        if (char.IsHighSurrogate(c))
        {
            if (index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]))
            {
                width = 2;
                return true;
            }

            return false;
        }

        if (char.IsLowSurrogate(c))
        {
            return false;
        }

        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF');
    }
}
