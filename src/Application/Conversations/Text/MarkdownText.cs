using System.Text;
using System.Text.RegularExpressions;

namespace WeChatGpt.Application.Conversations.Text;

/// <summary>
/// Turns the Markdown models like to write into plain text that reads well in a WeChat chat, which
/// renders none of it: headings, emphasis markers, code fences, links, tables and rules.
/// </summary>
public static partial class MarkdownText
{
    public static string ToPlain(string markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return markdown;
        }

        var output = new StringBuilder(markdown.Length);
        var inFence = false;
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (Fence().IsMatch(line))
            {
                // The fence line itself goes; the code inside stays as it is.
                inFence = !inFence;
                continue;
            }

            if (!inFence)
            {
                if (TableSeparator().IsMatch(line))
                {
                    continue;
                }

                line = ConvertLine(line);
            }

            output.Append(line);
            if (i < lines.Length - 1)
            {
                output.Append('\n');
            }
        }

        return ExtraBlankLines().Replace(output.ToString(), "\n\n");
    }

    private static string ConvertLine(string line)
    {
        if (HorizontalRule().IsMatch(line))
        {
            return "——————";
        }

        line = Heading().Replace(line, "$1");
        line = Quote().Replace(line, "$1");
        line = Bullet().Replace(line, "$1• ");
        line = TableRow().Replace(line, m => string.Join(" | ", m.Groups[1].Value.Split('|').Select(c => c.Trim())));
        line = Image().Replace(line, "$1");
        line = Link().Replace(line, m => m.Groups[1].Value == m.Groups[2].Value ? m.Groups[2].Value : $"{m.Groups[1].Value}（{m.Groups[2].Value}）");
        line = InlineCode().Replace(line, "$1");
        line = Bold().Replace(line, "$2");
        line = Italic().Replace(line, "$1$2");
        line = Strike().Replace(line, "$1");
        line = LineBreakTag().Replace(line, "\n");
        return line;
    }

    [GeneratedRegex(@"^\s{0,3}(```|~~~)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")]
    private static partial Regex TableSeparator();

    [GeneratedRegex(@"^\s*\|(.+)\|\s*$")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"^\s{0,3}([-*_])(\s*\1){2,}\s*$")]
    private static partial Regex HorizontalRule();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s{0,3}>\s?(.*)$")]
    private static partial Regex Quote();

    [GeneratedRegex(@"^(\s*)[-*+]\s+")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")]
    private static partial Regex Italic();

    [GeneratedRegex(@"~~(.+?)~~")]
    private static partial Regex Strike();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreakTag();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ExtraBlankLines();
}
