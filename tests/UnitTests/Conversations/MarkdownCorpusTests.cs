using System.Text;
using Shouldly;
using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.UnitTests.Conversations;

/// <summary>
/// Thirty answers in the style models write (headings, tables, code, lists, task lists, links, quotes), rendered
/// and split as they are sent: no Markdown left over, code kept verbatim, parts within the budget that put back
/// together are the text, and no part ends with a heading.
/// </summary>
public sealed class MarkdownCorpusTests
{
    public static TheoryData<int> Answers => new(Enumerable.Range(0, Corpus.Value.Length));

    public static TheoryData<int, int> AnswersAndBudgets => new(
        from index in Enumerable.Range(0, 30) from budget in new[] { 120, 200, 300, 500 } select (index, budget));

    private static readonly Lazy<string[]> Corpus = new(() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "markdown-corpus.md"))
            .Split("<<<>>>\n", StringSplitOptions.TrimEntries));

    [Fact]
    public void TheCorpus_HasThirtyAnswers() => Corpus.Value.Length.ShouldBe(30);

    [Theory]
    [MemberData(nameof(Answers))]
    public void AnAnswer_RendersWithoutMarkdown_AndKeepsItsCode(int index)
    {
        var markdown = Corpus.Value[index];

        var rendered = MarkdownText.ToPlain(markdown);
        var plain = WithoutCode(rendered, markdown);

        plain.ShouldNotContain("**");
        plain.ShouldNotContain("```");
        plain.ShouldNotContain("](");
        plain.ShouldNotContain("|---");
        plain.ShouldNotContain("| ---");
        plain.ShouldNotContain("&nbsp;");
        plain.Split('\n').ShouldAllBe(line => !line.TrimStart().StartsWith('#') || IsCode(markdown, line));
        foreach (var line in CodeLines(markdown))
        {
            rendered.ShouldContain(line, customMessage: "code is kept verbatim");
        }
    }

    [Theory]
    [MemberData(nameof(AnswersAndBudgets))]
    public void AnAnswer_SplitsIntoPartsWithinTheBudget_NeverEndingWithAHeading(int index, int budget)
    {
        var markdown = Corpus.Value[index];
        var plain = MarkdownText.ToPlain(markdown);
        var headings = markdown.Split('\n').Where(l => l.StartsWith('#')).Select(l => MarkdownText.ToPlain(l)).ToHashSet();

        var parts = ReplySplitter.Split(plain, budget);

        string.Concat(parts).ShouldBe(plain);
        parts.ShouldAllBe(p => Encoding.UTF8.GetByteCount(p) <= budget);
        foreach (var part in parts.SkipLast(1))
        {
            var lastLine = part.TrimEnd().Split('\n')[^1];
            headings.ShouldNotContain(lastLine, $"a part ends with the heading \"{lastLine}\"");
        }
    }

    /// <summary>The last paragraph break that fits is the one under a heading: the part ends before the heading instead.</summary>
    [Fact]
    public void APartThatWouldEndWithAHeading_EndsBeforeIt()
    {
        var plain = MarkdownText.ToPlain("这是开头的一段话，说明了背景。" + "\n\n## 第二部分\n\n" + string.Concat(Enumerable.Repeat("这里是第二部分的内容，句子很长", 12)) + "。");

        var parts = ReplySplitter.Split(plain, 200);

        string.Concat(parts).ShouldBe(plain);
        parts[0].TrimEnd().ShouldNotEndWith("第二部分");
    }

    private static IEnumerable<string> CodeLines(string markdown)
    {
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence && line.Trim().Length > 0)
            {
                yield return line;
            }
        }
    }

    /// <summary>The rendered text without what was code in the source (where Markdown characters are meant).</summary>
    private static string WithoutCode(string plain, string markdown)
    {
        foreach (var code in CodeLines(markdown).Concat(InlineCode(markdown)).OrderByDescending(c => c.Length))
        {
            plain = plain.Replace(code, string.Empty, StringComparison.Ordinal);
        }

        return plain;
    }

    private static IEnumerable<string> InlineCode(string markdown) =>
        System.Text.RegularExpressions.Regex.Matches(markdown, "``(.+?)``|`([^`]+)`").Select(m => (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Trim());

    private static bool IsCode(string markdown, string line) => CodeLines(markdown).Any(c => c.Contains(line.Trim(), StringComparison.Ordinal));
}
