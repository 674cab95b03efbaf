using System.Xml;

namespace WeChatGpt.Infrastructure.WeChat.Xml;

/// <summary>
/// Reads WeChat's flat <c>&lt;xml&gt;…&lt;/xml&gt;</c> documents into fields. DTDs are prohibited (no XXE,
/// no entity expansion), external resources are never resolved and the document size is capped.
/// Nested elements (e.g. <c>ScanCodeInfo/ScanType</c>) become slash-separated field names.
/// </summary>
public static class WeChatXmlReader
{
    public const int DefaultMaxCharacters = 256 * 1024;

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

            var path = new List<string>();
            var text = new System.Text.StringBuilder();
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        path.Add(reader.LocalName);
                        text.Clear();
                        if (reader.IsEmptyElement)
                        {
                            fields.TryAdd(string.Join('/', path), string.Empty);
                            path.RemoveAt(path.Count - 1);
                        }

                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                        text.Append(reader.Value);
                        break;
                    case XmlNodeType.EndElement when path.Count > 0:
                        // First occurrence wins: WeChat documents never repeat a field, attackers might.
                        fields.TryAdd(string.Join('/', path), text.ToString());
                        text.Clear();
                        path.RemoveAt(path.Count - 1);
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
