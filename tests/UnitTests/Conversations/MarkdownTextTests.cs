using Shouldly;
using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.UnitTests.Conversations;

public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("# Title", "Title")]
    [InlineData("### 小标题 ###", "小标题")]
    [InlineData("**bold** and __strong__", "bold and strong")]
    [InlineData("an *italic* word", "an italic word")]
    [InlineData("a * b * c stays", "a * b * c stays")]
    [InlineData("snake_case_name stays", "snake_case_name stays")]
    [InlineData("use `dotnet run` now", "use dotnet run now")]
    [InlineData("- item", "• item")]
    [InlineData("  * nested", "  • nested")]
    [InlineData("1. first", "1. first")]
    [InlineData("> quoted", "quoted")]
    [InlineData("~~old~~ new", "old new")]
    [InlineData("[docs](https://x.y/z)", "docs（https://x.y/z）")]
    [InlineData("![alt](https://x.y/i.png)", "alt")]
    [InlineData("---", "——————")]
    [InlineData("line<br>break", "line\nbreak")]
    public void Line_BecomesChatText(string markdown, string plain) =>
        MarkdownText.ToPlain(markdown).ShouldBe(plain);

    [Fact]
    public void CodeFences_Go_AndTheCodeStaysAsItIs()
    {
        const string markdown = "Run:\n```python\n# a comment, not a heading\nprint(\"**not bold**\")\n```\nDone.";

        MarkdownText.ToPlain(markdown).ShouldBe("Run:\n# a comment, not a heading\nprint(\"**not bold**\")\nDone.");
    }

    [Fact]
    public void Tables_LoseTheirSeparatorAndOuterPipes()
    {
        const string markdown = "| 名称 | 价格 |\n|---|---:|\n| 苹果 | 5 |";

        MarkdownText.ToPlain(markdown).ShouldBe("名称 | 价格\n苹果 | 5");
    }

    [Fact]
    public void ManyBlankLines_CollapseToOne() =>
        MarkdownText.ToPlain("a\n\n\n\n\nb").ShouldBe("a\n\nb");
}
