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
    [InlineData("Tom &amp; Jerry &lt;3 &copy;", "Tom & Jerry <3 ©")]
    [InlineData("a <span style=\"x\">styled</span> word", "a styled word")]
    [InlineData("[维基](https://zh.wikipedia.org/wiki/C_(编程语言))", "维基（https://zh.wikipedia.org/wiki/C_(编程语言)）")]
    [InlineData("<https://example.com/a>", "https://example.com/a")]
    [InlineData("[https://x.y](https://x.y)", "https://x.y")]
    [InlineData("- [ ] 买菜\n- [x] 做饭", "☐ 买菜\n☑ 做饭")]
    [InlineData("``a `b` c``", "a `b` c")]
    [InlineData("3. third\n4. fourth", "3. third\n4. fourth")]
    [InlineData("- a\n  - b\n    - c", "• a\n  • b\n    • c")]
    [InlineData("\\*not emphasis\\*", "*not emphasis*")]
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

    [Fact]
    public void Tables_AreAlignedLines_WideCharactersCountingTwice()
    {
        const string markdown = "| 城市 | 人口 | 备注 |\n|---|--:|---|\n| 北京 | 2189万 | 首都 |\n| Xi'an | 1295万 | 古都 |";

        MarkdownText.ToPlain(markdown).ShouldBe("城市  | 人口   | 备注\n北京  | 2189万 | 首都\nXi'an | 1295万 | 古都");
    }

    [Fact]
    public void Blocks_KeepTheSpacingTheyHadInTheSource()
    {
        MarkdownText.ToPlain("## 第一部分\n\n内容一。\n## 第二部分\n- 要点").ShouldBe("第一部分\n\n内容一。\n第二部分\n• 要点");
    }

    [Fact]
    public void FencedCode_IsKeptVerbatim_IndentationAndMarkdownInside()
    {
        const string markdown = "示例：\n\n```csharp\nif (x)\n{\n    // **not bold** [not](a link)\n    Call();\n}\n```\n\n完。";

        MarkdownText.ToPlain(markdown).ShouldBe("示例：\n\nif (x)\n{\n    // **not bold** [not](a link)\n    Call();\n}\n\n完。");
    }

    [Fact]
    public void HtmlBlocksAndReferenceDefinitions_SayNothing()
    {
        MarkdownText.ToPlain("<div class=\"note\">\n<b>x</b>\n</div>\n\n见[文档][1]。\n\n[1]: https://example.com").ShouldBe("见文档（https://example.com）。");
    }

    [Fact]
    public void AnUnfinishedStream_IsRenderedWithoutLeftoverMarkers()
    {
        MarkdownText.ToPlain("**重点**是这样的：\n\n| a | b |\n|---|").ShouldNotContain("**");
        MarkdownText.ToPlain("代码：\n```py\nprint(1)").ShouldBe("代码：\nprint(1)");
    }
}
