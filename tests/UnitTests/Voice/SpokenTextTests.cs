using Shouldly;
using WeChatGpt.Application.Voice;

namespace WeChatGpt.UnitTests.Voice;

public sealed class SpokenTextTests
{
    [Fact]
    public void ShortText_IsSpokenWhole() =>
        SpokenText.Limit("  你好。 ", 50).ShouldBe(("你好。", false));

    [Fact]
    public void LongText_IsCutAtASentenceWithinTheLimit()
    {
        var text = "第一句话在这里。第二句话也在这里。第三句话有点长，会超过限制的长度。";

        var (spoken, truncated) = SpokenText.Limit(text, 20);

        truncated.ShouldBeTrue();
        spoken.ShouldBe("第一句话在这里。第二句话也在这里。");
    }

    [Fact]
    public void TextWithoutSentences_IsCutAtTheLimit() =>
        SpokenText.Limit(new string('字', 100), 30).Text.Length.ShouldBe(30);

    [Theory]
    [InlineData("Great! Where did you go last time?", "en-US")]
    [InlineData("明天晴，最高二十度。", "zh-CN")]
    [InlineData("用 Python 写一个 web server 的例子", "zh-CN")]
    [InlineData("Correction: I went to Paris. 很好！", "en-US")]
    public void Language_IsDetectedFromTheAnswer(string text, string language) =>
        SpokenText.DetectLanguage(text).ShouldBe(language);
}
