using System.Xml;

namespace WeChatGpt.Infrastructure.WeChat.Xml;

/// <summary>
/// Reads WeChat's flat <c>&lt;xml&gt;…&lt;/xml&gt;</c> documents into fields. DTDs are prohibited (no XXE,
/// no entity expansion), external resources are never resolved, and the document is bounded as it is read —
/// its size, its depth, its number of elements and the length of each field — so that a hostile body costs
/// time and memory in proportion to its size and is refused as soon as it crosses a bound. Nested elements
/// (e.g. <c>ScanCodeInfo/ScanType</c>) become slash-separated field names.
/// </summary>
public static class WeChatXmlReader
{
    public const int DefaultMaxCharacters = 256 * 1024;

    /// <summary>WeChat's deepest push is 5 levels (<c>xml/SendPicsInfo/PicList/item/PicMd5Sum</c>); a little slack.</summary>
    public const int MaxDepth = 8;

    /// <summary>WeChat's largest push (9 pictures in a SendPicsInfo event) has a few dozen elements.</summary>
    public const int MaxElements = 512;

    /// <summary>No field of a push is longer than its body (64 KB).</summary>
    public const int MaxFieldCharacters = 64 * 1024;

    public static IReadOnlyDictionary<string, string> ReadFields(ReadOnlyMemory<byte> body, int maxCharacters = DefaultMaxCharacters) =>
        Read(() => XmlReader.Create(new MemoryStream(body.ToArray(), writable: false), Settings(maxCharacters, closeInput: true)));

    public static IReadOnlyDictionary<string, string> ReadFields(string xml, int maxCharacters = DefaultMaxCharacters) =>
        Read(() => XmlReader.Create(new StringReader(xml), Settings(maxCharacters, closeInput: true)));

    private static XmlReaderSettings Settings(int maxCharacters, bool closeInput) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = closeInput,
    };

    private static Dictionary<string, string> Read(Func<XmlReader> open)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            // Creating the reader already reads ahead, so it belongs inside the guarded region.
            using var reader = open();
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "xml")
            {
                throw new WeChatXmlException("The document's root element is not <xml>.");
            }

            if (reader.IsEmptyElement)
            {
                return fields;
            }

            // The current element's path below <xml>, and where each level starts in it.
            var path = new System.Text.StringBuilder();
            var starts = new Stack<int>();
            var text = new System.Text.StringBuilder();
            var elements = 1;
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (++elements > MaxElements)
                        {
                            throw new WeChatXmlException($"The body has more than {MaxElements} elements.");
                        }

                        // <xml> is level 1; its fields level 2.
                        if (starts.Count + 2 > MaxDepth)
                        {
                            throw new WeChatXmlException($"The body is nested deeper than {MaxDepth} levels.");
                        }

                        starts.Push(path.Length);
                        path.Append(path.Length == 0 ? string.Empty : "/").Append(reader.LocalName);
                        text.Clear();
                        if (reader.IsEmptyElement)
                        {
                            fields.TryAdd(path.ToString(), string.Empty);
                            path.Length = starts.Pop();
                        }

                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                        if (text.Length + reader.Value.Length > MaxFieldCharacters)
                        {
                            throw new WeChatXmlException($"A field is longer than {MaxFieldCharacters} characters.");
                        }

                        text.Append(reader.Value);
                        break;
                    case XmlNodeType.EndElement when starts.Count > 0:
                        // First occurrence wins: WeChat documents never repeat a field, attackers might.
                        fields.TryAdd(path.ToString(), text.ToString());
                        text.Clear();
                        path.Length = starts.Pop();
                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            throw new WeChatXmlException(ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "DTDs are not accepted."
                : "The body is not well-formed XML.", ex);
        }

        return fields;
    }
}
