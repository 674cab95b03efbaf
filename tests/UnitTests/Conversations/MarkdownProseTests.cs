using CsCheck;
using Shouldly;
using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.UnitTests.Conversations;

/// <summary>
/// Prose without Markdown skips the parser: what it gives must be exactly what the parser's rendering gives, for
/// any such text, and anything with syntax still goes through the parser.
/// </summary>
public sealed class MarkdownProseTests
{
    private static readonly string[] Pieces =
    [
        "这是", "回答", "模型", "已经", "认真", "思考", "过了", "。", "，", "？", "！", "：", "（", "）", "“", "”",
        "Hello", "world", "OpenAI", "2024", "年", ".", ",", "?", ":", ";", "(", ")", "'", "\"", "/", "%", "@",
        " ", " ", "  ", "\n", "\n", "\n\n", "\r\n", "\t", "*", "_", "#", "-", "1. ", "> ", "`", "&amp;", "<b>", "\\",
    ];

    [Fact]
    public void AnyText_TheFastPathGivesWhatTheParserGives() =>
        Gen.Int[0, Pieces.Length - 1].Array[0, 40]
            .Select(indexes => string.Concat(indexes.Select(i => Pieces[i])))
            .Sample(text =>
            {
                if (MarkdownText.IsProse(text))
                {
                    MarkdownText.ToPlain(text).ShouldBe(MarkdownText.Render(text), $"for «{text}»");
                }
            }, iter: 20_000);

    [Theory]
    [InlineData("这是基准测试的回答，模型已经认真思考过了。", true)]
    [InlineData("第一段。\n\n第二段，还有 English words (and a bracket).", true)]
    [InlineData("**加粗**的回答", false)]
    [InlineData("1. 第一步\n2. 第二步", false)]
    [InlineData("    缩进的代码", false)]
    [InlineData("标题\n===", false)]
    [InlineData("A &amp; B", false)]
    [InlineData("行尾两个空格  \n换行", false)]
    [InlineData("三个\n\n\n换行", false)]
    public void Prose_IsToldFromMarkdown(string text, bool prose) => MarkdownText.IsProse(text).ShouldBe(prose);
}
