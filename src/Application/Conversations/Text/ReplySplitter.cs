using System.Globalization;
using System.Text;

namespace WeChatGpt.Application.Conversations.Text;

/// <summary>
/// Splits text into parts that each fit a UTF-8 byte budget (WeChat's passive text limit), breaking at
/// the best boundary available: paragraph, line, sentence, clause, space — and only as a last resort
/// inside a sentence, never inside a multi-byte character, a surrogate pair or a grapheme cluster.
/// Parts are exact slices: concatenated, they are the original text.
/// </summary>
public static class ReplySplitter
{
    private const string SentenceEnds = "。！？!?；;…";
    private const string ClauseEnds = "，,、：:）)」』”’";
    private const string Closers = "”’」』）)\"'";

    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

    public static IReadOnlyList<string> Split(string text, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 16);
        var parts = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var length = NextPartLength(text.AsSpan(start), maxBytes);
            parts.Add(text.Substring(start, length));
            start += length;
        }

        return parts;
    }

    /// <summary>Length (in chars) of the first part of <paramref name="text"/> under the budget.</summary>
    public static int NextPartLength(ReadOnlySpan<char> text, int maxBytes)
    {
        var fit = FittingPrefix(text, maxBytes);
        if (fit == text.Length)
        {
            return fit;
        }

        var best = BestBreak(text[..fit], minimum: fit / 3);
        return best > 0 ? best : Math.Max(fit, FirstElementLength(text));
    }

    /// <summary>
    /// How much of growing text (the model's Markdown as it streams) to hand out now: a tidy prefix (ending at a
    /// paragraph, line or sentence, never right under a <c>#</c> heading) within the budget; everything when there is
    /// no tidy boundary at all.
    /// </summary>
    public static int TidyPrefixLength(ReadOnlySpan<char> text, int maxBytes)
    {
        var fit = FittingPrefix(text, maxBytes);
        var tidy = LastBoundary(text[..fit], 0, static (s, i) => (s[i] == '\n' && !EndsMarkdownHeading(s, i)) || IsSentenceEnd(s, i));
        if (tidy > 0)
        {
            return tidy;
        }

        return fit == text.Length ? fit : NextPartLength(text, maxBytes);
    }

    /// <summary>The longest prefix whose UTF-8 length is within the budget, ending on a text-element boundary.</summary>
    public static int FittingPrefix(ReadOnlySpan<char> text, int maxBytes)
    {
        var bytes = 0;
        var position = 0;
        while (position < text.Length)
        {
            var element = StringInfo.GetNextTextElementLength(text[position..]);
            var elementBytes = Encoding.UTF8.GetByteCount(text.Slice(position, element));
            if (bytes + elementBytes > maxBytes)
            {
                break;
            }

            bytes += elementBytes;
            position += element;
        }

        return position;
    }

    private static int FirstElementLength(ReadOnlySpan<char> text) => StringInfo.GetNextTextElementLength(text);

    private static int BestBreak(ReadOnlySpan<char> window, int minimum)
    {
        // Paragraph, then line, then sentence, then clause, then whitespace.
        var paragraph = LastBoundary(window, minimum, static (s, i) => s[i] == '\n' && i > 0 && s[i - 1] == '\n' && !FollowsHeading(s, i));
        if (paragraph > 0)
        {
            return paragraph;
        }

        var line = LastBoundary(window, minimum, IsLineBreak);
        if (line > 0)
        {
            return line;
        }

        var sentence = LastBoundary(window, minimum, IsSentenceEnd);
        if (sentence > 0)
        {
            return sentence;
        }

        var clause = LastBoundary(window, minimum, static (s, i) => ClauseEnds.Contains(s[i], StringComparison.Ordinal));
        if (clause > 0)
        {
            return clause;
        }

        return LastBoundary(window, minimum, static (s, i) => char.IsWhiteSpace(s[i]));
    }

    private delegate bool BoundaryTest(ReadOnlySpan<char> text, int index);

    /// <summary>Position just after the last boundary char at or after <paramref name="minimum"/> (plus trailing closers and spaces); 0 if none.</summary>
    private static int LastBoundary(ReadOnlySpan<char> text, int minimum, BoundaryTest isBoundary)
    {
        for (var i = text.Length - 1; i >= Math.Max(0, minimum - 1); i--)
        {
            if (!isBoundary(text, i))
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && (Closers.Contains(text[end], StringComparison.Ordinal) || text[end] is ' ' or '\t' or '\n' or '\r'))
            {
                end++;
            }

            return end;
        }

        return 0;
    }

    /// <summary>A line break that may end a part of plain text: not one under a heading (a part never ends with its heading).</summary>
    private static bool IsLineBreak(ReadOnlySpan<char> text, int index) => text[index] == '\n' && !FollowsHeading(text, index);

    /// <summary>The line ending at <paramref name="index"/> is a Markdown ATX heading (<c>## Title</c>).</summary>
    private static bool EndsMarkdownHeading(ReadOnlySpan<char> text, int index)
    {
        var start = text[..index].LastIndexOf('\n') + 1;
        var line = text[start..index];
        var indent = line.Length - line.TrimStart(' ').Length;
        var hashes = line[indent..].Length - line[indent..].TrimStart('#').Length;
        return indent <= 3 && hashes is >= 1 and <= 6 && (indent + hashes == line.Length || line[indent + hashes] == ' ');
    }

    /// <summary>
    /// The text before the line break at <paramref name="index"/> ends with what reads as a heading: a line of its own
    /// (at the start, or after a blank line), short, without a sentence end — how a Markdown heading is written out
    /// plain, and how models write "步骤：" lines. A part does not end there: the heading stays with what it heads.
    /// </summary>
    private static bool FollowsHeading(ReadOnlySpan<char> text, int index)
    {
        var end = index;
        while (end > 0 && text[end - 1] is '\n' or '\r')
        {
            end--;
        }

        if (end == 0)
        {
            return false;
        }

        var start = text[..end].LastIndexOf('\n') + 1;
        var line = text[start..end].Trim();
        var ownBlock = start == 0 || (start >= 2 && text[start - 2] == '\n');
        return ownBlock && line.Length is > 0 and <= 40 && !SentenceEnds.Contains(line[^1], StringComparison.Ordinal) && line[^1] != '.';
    }

    private static bool IsSentenceEnd(ReadOnlySpan<char> text, int index)
    {
        var c = text[index];
        if (SentenceEnds.Contains(c, StringComparison.Ordinal))
        {
            return true;
        }

        // An ASCII full stop ends a sentence when followed by whitespace (not "3.14" or "e.g").
        return c == '.' && index + 1 < text.Length && char.IsWhiteSpace(text[index + 1]);
    }
}
