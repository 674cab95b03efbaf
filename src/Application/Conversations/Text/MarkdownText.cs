using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace WeChatGpt.Application.Conversations.Text;

/// <summary>
/// Turns the Markdown models write into plain text that reads well in a WeChat chat, which renders none of it —
/// parsed by Markdig (CommonMark with pipe tables, task lists and strikethrough), then written out by a small
/// plain-text renderer: markers dropped, entities decoded, inline HTML dropped (a <c>&lt;br&gt;</c> is a line
/// break), links as <c>text（url）</c>, images as their alt text, task lists as ☐/☑, code spans and fenced code
/// verbatim (the fence lines go), tables as aligned lines, a heading as its own line (<see cref="ReplySplitter"/>
/// never ends a part with it).
/// </summary>
public static class MarkdownText
{
    private const string Rule = "——————";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .Build();

    /// <summary>Characters that may start Markdown syntax anywhere in a line (emphasis, code, headings, links, HTML, tables, escapes, entities, setext underlines).</summary>
    private static readonly System.Buffers.SearchValues<char> Syntax = System.Buffers.SearchValues.Create("*_`#[]<>|~&!\\=-+\t");

    public static string ToPlain(string markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return markdown;
        }

        // Most short answers are prose without any Markdown: parsing them would give them back unchanged (tested
        // against the parser), at a few microseconds for every cut, part and reply.
        var text = markdown.ReplaceLineEndings("\n");
        return IsNormalizedProse(text) ? text.TrimStart('\n').TrimEnd('\n', ' ') : RenderNormalized(text);
    }

    /// <summary>The parser's rendering, always (the fast path of <see cref="ToPlain"/> is tested against it).</summary>
    internal static string Render(string markdown) =>
        string.IsNullOrEmpty(markdown) ? markdown : RenderNormalized(markdown.ReplaceLineEndings("\n"));

    /// <param name="text">Markdown whose line endings are <c>\n</c>.</param>
    private static string RenderNormalized(string text)
    {
        _source = text;
        try
        {
            var document = Markdown.Parse(_source, Pipeline);
            var output = new StringBuilder(text.Length);
            WriteBlocks(output, document, indent: string.Empty);
            return output.ToString().TrimEnd('\n', ' ');
        }
        finally
        {
            _source = null;
        }
    }

    /// <summary>
    /// Text Markdown leaves as it is: no syntax character, no line that starts with a space or a digit (indented
    /// code, ordered lists) or ends with a space (hard breaks), and no more than one blank line in a row.
    /// </summary>
    internal static bool IsProse(string markdown) => IsNormalizedProse(markdown.ReplaceLineEndings("\n"));

    /// <param name="text">Text whose line endings are <c>\n</c>.</param>
    private static bool IsNormalizedProse(string text)
    {
        if (text.AsSpan().IndexOfAny(Syntax) >= 0 || text.Contains("\n\n\n", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.Length > 0 && (line[0] == ' ' || char.IsAsciiDigit(line[0]) || line[^1] == ' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Blocks one after another, separated as in the source: a blank line where it had one, else a line break.</summary>
    private static void WriteBlocks(StringBuilder output, ContainerBlock container, string indent)
    {
        Block? previous = null;
        foreach (var block in container)
        {
            var before = output.Length;
            if (previous is not null)
            {
                output.Append(BlankLineBetween(previous, block) ? "\n\n" : "\n");
            }

            var start = output.Length;
            WriteBlock(output, block, indent);
            TrimTrailing(output, start);
            if (output.Length == start)
            {
                // Nothing to read (markup, a reference definition): no separator either.
                output.Length = before;
                continue;
            }

            previous = block;
        }
    }

    private static bool BlankLineBetween(Block previous, Block next)
    {
        var source = _source!;
        // A container's span may take in the blank lines after it: measure from its last leaf.
        var last = previous;
        while (last is ContainerBlock { Count: > 0 } container)
        {
            last = container[^1];
        }

        var from = Math.Clamp(last.Span.End + 1, 0, source.Length);
        var to = Math.Clamp(next.Span.Start, from, source.Length);
        return source.AsSpan(from, to - from).Count('\n') >= 2;
    }

    [ThreadStatic]
    private static string? _source;

    private static void WriteBlock(StringBuilder output, Block block, string indent)
    {
        switch (block)
        {
            case HeadingBlock or ParagraphBlock:
                output.Append(indent);
                WriteInlines(output, ((LeafBlock)block).Inline, indent);
                break;
            case ThematicBreakBlock:
                output.Append(indent).Append(Rule);
                break;
            case CodeBlock code:
                // Fenced or indented: the code as it is (a '#' or '**' in it is code, not Markdown).
                WriteVerbatim(output, code, indent);
                break;
            case ListBlock list:
                WriteList(output, list, indent);
                break;
            case QuoteBlock quote:
                WriteBlocks(output, quote, indent);
                break;
            case Table table:
                WriteTable(output, table, indent);
                break;
            case HtmlBlock or LinkReferenceDefinitionGroup or BlankLineBlock:
                // Markup and reference definitions say nothing to a reader.
                break;
            case ContainerBlock other:
                WriteBlocks(output, other, indent);
                break;
            case LeafBlock leaf:
                output.Append(indent).Append(leaf.Lines.ToString());
                break;
        }
    }

    private static void WriteVerbatim(StringBuilder output, LeafBlock block, string indent)
    {
        var lines = block.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                output.Append('\n');
            }

            output.Append(indent).Append(lines.Lines[i].Slice.ToString());
        }
    }

    private static void WriteList(StringBuilder output, ListBlock list, string indent)
    {
        // The first level keeps where the model put its bullets ("  * item"); nested levels indent by two.
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, NumberStyles.Integer, CultureInfo.InvariantCulture, out var first) ? first : 1;
        var firstItem = true;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            if (!firstItem)
            {
                output.Append('\n');
            }

            firstItem = false;
            var itemIndent = indent.Length == 0 && item.Column is > 0 and < 4 ? new string(' ', item.Column) : indent;
            var marker = list.IsOrdered ? $"{number++}{(list.OrderedDelimiter == ')' ? ')' : '.')} " : "• ";
            if (item.FirstOrDefault() is ParagraphBlock { Inline.FirstChild: TaskList task })
            {
                marker = task.Checked ? "☑ " : "☐ ";
            }

            output.Append(itemIndent).Append(marker);
            var blocks = item.ToList();
            for (var i = 0; i < blocks.Count; i++)
            {
                var block = blocks[i];
                if (i == 0 && block is ParagraphBlock lead)
                {
                    var from = output.Length;
                    WriteInlines(output, lead.Inline, itemIndent + "  ");
                    if (lead.Inline?.FirstChild is TaskList)
                    {
                        // "[ ] " leaves its space behind the box.
                        while (output.Length > from && output[from] == ' ')
                        {
                            output.Remove(from, 1);
                        }
                    }

                    continue;
                }

                var start = output.Length;
                output.Append('\n');
                WriteBlock(output, block, itemIndent + "  ");
                if (output.Length == start + 1)
                {
                    output.Length = start;
                }

                TrimTrailing(output);
            }
        }
    }

    /// <summary>Rows as lines, cells separated by " | ", each column (but the last) padded to its widest cell.</summary>
    private static void WriteTable(StringBuilder output, Table table, string indent)
    {
        var rows = table.OfType<TableRow>()
            .Select(row => row.OfType<TableCell>().Select(cell =>
            {
                var text = new StringBuilder();
                foreach (var paragraph in cell.OfType<LeafBlock>())
                {
                    WriteInlines(text, paragraph.Inline, string.Empty);
                }

                return text.ToString().Replace('\n', ' ').Trim();
            }).ToList())
            .Where(cells => cells.Count > 0)
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var columns = rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Count ? Width(r[c]) : 0)).ToArray();
        for (var r = 0; r < rows.Count; r++)
        {
            if (r > 0)
            {
                output.Append('\n');
            }

            output.Append(indent);
            for (var c = 0; c < rows[r].Count; c++)
            {
                if (c > 0)
                {
                    output.Append(" | ");
                }

                output.Append(rows[r][c]);
                if (c < rows[r].Count - 1)
                {
                    output.Append(' ', widths[c] - Width(rows[r][c]));
                }
            }
        }
    }

    private static void WriteInlines(StringBuilder output, ContainerInline? container, string indent)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    output.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    output.Append(code.Content);
                    break;
                case HtmlEntityInline entity:
                    output.Append(entity.Transcoded.AsSpan());
                    break;
                case LineBreakInline:
                    output.Append('\n').Append(indent);
                    break;
                case HtmlInline html:
                    if (html.Tag.StartsWith("<br", StringComparison.OrdinalIgnoreCase))
                    {
                        output.Append('\n').Append(indent);
                    }

                    break;
                case AutolinkInline autolink:
                    output.Append(autolink.Url);
                    break;
                case LinkInline { IsImage: true } image:
                    WriteInlines(output, image, indent);
                    break;
                case LinkInline link:
                    var label = new StringBuilder();
                    WriteInlines(label, link, indent);
                    var url = link.Url ?? string.Empty;
                    output.Append(label.Length == 0 || label.ToString() == url ? url : $"{label}（{url}）");
                    break;
                case TaskList:
                    // Shown as the item's marker.
                    break;
                case ContainerInline children:
                    // Emphasis, strong, strikethrough and the like: their text without the markers.
                    WriteInlines(output, children, indent);
                    break;
            }
        }
    }

    /// <summary>Columns a text takes in a chat's font: wide (CJK, full-width) characters take two.</summary>
    private static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            width += v is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
                or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1FAFF or >= 0x20000 and <= 0x3FFFD
                ? 2
                : 1;
        }

        return width;
    }

    private static void TrimTrailing(StringBuilder output, int floor = 0)
    {
        while (output.Length > floor && output[^1] is ' ' or '\n')
        {
            output.Length--;
        }
    }
}
