using System.Globalization;
using System.Text;
using Shouldly;
using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.UnitTests.Conversations;

public sealed class ReplySplitterTests
{
    [Fact]
    public void ShortText_IsOnePart() =>
        ReplySplitter.Split("你好，世界。", 2047).ShouldBe(["你好，世界。"]);

    [Theory]
    [InlineData(2047)]
    [InlineData(500)]
    [InlineData(64)]
    public void Parts_FitTheBudget_AndConcatenateToTheOriginal(int budget)
    {
        var text = Mixed(9000);

        var parts = ReplySplitter.Split(text, budget);

        parts.ShouldAllBe(p => Encoding.UTF8.GetByteCount(p) <= budget);
        string.Concat(parts).ShouldBe(text);
        parts.Count.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void NeverCutsASurrogatePairOrAnEmojiSequence()
    {
        // No spaces or punctuation: only hard cuts are possible.
        var text = string.Concat(Enumerable.Repeat("😀👨‍👩‍👧‍👦🇨🇳é", 200));

        var parts = ReplySplitter.Split(text, 50);

        foreach (var part in parts)
        {
            char.IsHighSurrogate(part[^1]).ShouldBeFalse();
            char.IsLowSurrogate(part[0]).ShouldBeFalse();
            part[0].ShouldNotBe('\u200D');
            part[0].ShouldNotBe('\u0301');
            Encoding.UTF8.GetByteCount(part).ShouldBeLessThanOrEqualTo(50);
        }

        string.Concat(parts).ShouldBe(text);
        new StringInfo(string.Concat(parts)).LengthInTextElements.ShouldBe(new StringInfo(text).LengthInTextElements);
    }

    [Fact]
    public void PrefersAParagraphBreak_ThenALine_ThenASentence()
    {
        var paragraph = new string('甲', 200) + "。\n\n" + new string('乙', 200) + "。";
        var line = new string('甲', 200) + "。\n" + new string('乙', 200) + "。";
        var sentence = new string('甲', 200) + "。" + new string('乙', 200) + "，" + new string('丙', 50);

        ReplySplitter.Split(paragraph, 900)[0].ShouldEndWith("。\n\n");
        ReplySplitter.Split(line, 900)[0].ShouldEndWith("。\n");
        ReplySplitter.Split(sentence, 900)[0].ShouldEndWith("。");
    }

    [Fact]
    public void AsciiFullStop_EndsASentenceOnlyBeforeWhitespace()
    {
        var text = "Pi is 3.14159 and more. " + new string('x', 40) + " tail";

        var first = ReplySplitter.Split(text, 40)[0];

        first.ShouldBe("Pi is 3.14159 and more. ");
    }

    [Fact]
    public void TidyPrefix_OfGrowingText_EndsAtALastSentenceOrLine()
    {
        ReplySplitter.TidyPrefixLength("第一句。第二句还没写完", 2000).ShouldBe("第一句。".Length);
        ReplySplitter.TidyPrefixLength("没有任何句号的半句话", 2000).ShouldBe("没有任何句号的半句话".Length);
        ReplySplitter.TidyPrefixLength("第一行\n第二", 2000).ShouldBe("第一行\n".Length);
    }

    private static string Mixed(int bytes)
    {
        var text = new StringBuilder();
        for (var i = 0; Encoding.UTF8.GetByteCount(text.ToString()) < bytes; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Sentence {i} in English. 第{i}句中文内容，带一个表情😀。");
            if (i % 7 == 0)
            {
                text.Append("\n\n");
            }
        }

        return text.ToString();
    }
}
