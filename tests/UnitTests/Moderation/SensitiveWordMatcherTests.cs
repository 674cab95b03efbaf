using Shouldly;
using WeChatGpt.Application.Moderation;

namespace WeChatGpt.UnitTests.Moderation;

public sealed class SensitiveWordMatcherTests
{
    private static readonly SensitiveWordMatcher Matcher = new(["违禁词", "Bad Word", "赌博", "赌博网站", "abc", "cde"]);

    [Theory]
    [InlineData("这里有违禁词。", "这里有***。")]
    [InlineData("这里有违 禁.词。", "这里有*****。")]
    [InlineData("违\u200B禁\u200B词", "*****")]
    [InlineData("a BAD word", "a ********")]
    [InlineData("ａ ＢＡＤ　ＷＯＲＤ！", "ａ ********！")]
    [InlineData("b-a-d-w-o-r-d", "*************")]
    [InlineData("好的赌博网站", "好的****")]
    [InlineData("badge word", "badge word")]
    [InlineData("没有问题", "没有问题")]
    [InlineData("abcde", "*****")]
    public void Mask_ReplacesEachCharacterOfTheWord_WhateverItsForm(string text, string masked) =>
        Matcher.Mask(text).ShouldBe(masked);

    [Fact]
    public void Find_ReportsWhereInTheOriginalText()
    {
        var matches = Matcher.Find("先说违 禁词，再说赌博");

        matches.ShouldBe([new WordMatch(2, 4), new WordMatch(9, 2)]);
    }

    [Theory]
    [InlineData("他说：违禁", 3)]
    [InlineData("他说：违", 3)]
    [InlineData("他说：违 禁 ", 3)]
    [InlineData("他说：违禁词", 6)]
    [InlineData("他说：赌博", 3)]
    [InlineData("结尾 ab", 3)]
    [InlineData("结尾 abc", 5)]
    [InlineData("完全无关", 4)]
    [InlineData("", 0)]
    public void SafeLength_StopsBeforeAWordThatMayBeBeginning(string text, int safe) =>
        Matcher.SafeLength(text).ShouldBe(safe);

    /// <summary>A word split across two stream chunks: the first cut keeps its beginning back, the whole is masked.</summary>
    [Fact]
    public void AWordSplitAcrossChunks_IsNeverHandedOutInPart()
    {
        var streamed = "我们来讲讲违";
        var cut = Matcher.SafeLength(streamed);
        var handedOut = Matcher.Mask(streamed[..cut]);
        var whole = streamed + "禁词的事。";

        handedOut.ShouldBe("我们来讲讲");
        (handedOut + Matcher.Mask(whole[cut..])).ShouldBe("我们来讲讲***的事。");
    }

    [Fact]
    public void ATenThousandWordList_FindsEveryPlantedWord()
    {
        var random = new Random(7);
        var words = Enumerable.Range(0, 10_000).Select(_ => new string(Enumerable.Range(0, random.Next(2, 6)).Select(_ => (char)random.Next(0x4E00, 0x9FA5)).ToArray())).ToList();
        var matcher = new SensitiveWordMatcher(words);
        var planted = words.Where((_, i) => i % 1000 == 0).ToList();
        var text = string.Concat(planted.Select(w => "，这是一段普通的文字：" + w));

        var found = matcher.Find(text).Select(m => text.Substring(m.Start, m.Length)).ToList();

        matcher.Count.ShouldBeGreaterThan(9_900);
        planted.ShouldAllBe(w => found.Any(f => f.Contains(w, StringComparison.Ordinal)));
        matcher.Mask(text).ShouldNotContain(planted[3]);
    }

    [Fact]
    public void AnEmptyList_MatchesNothing()
    {
        SensitiveWordMatcher.Empty.Find("任何文字").ShouldBeEmpty();
        SensitiveWordMatcher.Empty.SafeLength("任何文字").ShouldBe(4);
        new SensitiveWordMatcher(["", " ", "。"]).IsEmpty.ShouldBeTrue();
    }
}
