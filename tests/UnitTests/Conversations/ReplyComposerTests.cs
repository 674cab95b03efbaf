using System.Text;
using Microsoft.Extensions.Options;
using NSubstitute;
using Shouldly;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.UnitTests.Conversations;

public sealed class ReplyComposerTests
{
    private static readonly ReplyComposer Composer = new(Monitor(new TextsOptions()), Monitor(new WeChatOptions()));

    [Fact]
    public void FittingAnswer_IsSentWhole_WithTheNote()
    {
        var first = Composer.First("短答案。", note: "（注）");

        first.Message.ShouldBe("短答案。\n\n（注）");
        first.Rest.ShouldBeEmpty();
        first.RemainingParts.ShouldBe(0);
    }

    [Fact]
    public void LongAnswer_FirstPartAnnouncesExactlyTheMessagesThatFollow()
    {
        var text = string.Concat(Enumerable.Range(0, 400).Select(i => $"第{i}句话。"));

        var first = Composer.First(text, note: "（上一个回答还有未读内容，回复“继续”查看）");
        var messages = new List<string> { first.Message };
        var rest = first.Rest;
        while (rest.Length > 0)
        {
            var next = Composer.Next(rest, question: "很长的一个问题的预览文字超过了二十个字符…");
            messages.Add(next.Message);
            rest = next.Rest;
        }

        first.RemainingParts.ShouldBe(messages.Count - 1);
        messages.ShouldAllBe(m => Encoding.UTF8.GetByteCount(m) <= 2047);
        messages[0].ShouldContain($"（还有 {messages.Count - 1} 段，回复“继续”查看）");
        messages[^1].ShouldNotContain("还有");
    }

    [Fact]
    public void Partial_EndsWithTheHint() =>
        Composer.Partial("前半段。\n").ShouldBe("前半段。" + new TextsOptions().PartialHint);

    private static IOptionsMonitor<T> Monitor<T>(T value)
    {
        var monitor = Substitute.For<IOptionsMonitor<T>>();
        monitor.CurrentValue.Returns(value);
        return monitor;
    }
}
