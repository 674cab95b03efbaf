using Shouldly;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.UnitTests.Conversations;

public sealed class FollowerCommandParserTests
{
    private static readonly CommandOptions Words = new();
    private static readonly string[] Triggers = ["英语", "翻译"];

    [Theory]
    [InlineData("继续", FollowerCommandKind.Continue)]
    [InlineData(" 继续。 ", FollowerCommandKind.Continue)]
    [InlineData("Continue", FollowerCommandKind.Continue)]
    [InlineData("帮助", FollowerCommandKind.Help)]
    [InlineData("?", FollowerCommandKind.Help)]
    [InlineData("重置", FollowerCommandKind.Reset)]
    [InlineData("/reset", FollowerCommandKind.Reset)]
    [InlineData("语音开", FollowerCommandKind.VoiceOn)]
    [InlineData("语音关", FollowerCommandKind.VoiceOff)]
    [InlineData("模板", FollowerCommandKind.ListTemplates)]
    [InlineData("退出", FollowerCommandKind.ExitTemplate)]
    public void Words_AreCommands(string text, FollowerCommandKind kind) =>
        FollowerCommandParser.Parse(text, Words, Triggers)!.Kind.ShouldBe(kind);

    [Theory]
    [InlineData("英语:旅行", "英语", "旅行")]
    [InlineData("英语：旅行", "英语", "旅行")]
    [InlineData("英语: job interviews ", "英语", "job interviews")]
    [InlineData("英语", "英语", null)]
    [InlineData("翻译", "翻译", null)]
    public void TemplateTriggers_StartTemplates(string text, string trigger, string? topic)
    {
        var command = FollowerCommandParser.Parse(text, Words, Triggers)!;

        command.Kind.ShouldBe(FollowerCommandKind.StartTemplate);
        command.Argument.ShouldBe(trigger);
        command.Topic.ShouldBe(topic);
    }

    [Theory]
    [InlineData("继续说说这个问题")]
    [InlineData("英语怎么学？")]
    [InlineData("英语:")]
    [InlineData("帮助我写一封信")]
    [InlineData("")]
    public void Questions_AreNotCommands(string text) =>
        FollowerCommandParser.Parse(text, Words, Triggers).ShouldBeNull();

    [Fact]
    public void Words_AreConfigurable()
    {
        var words = new CommandOptions { Continue = ["more", "下一段"] };

        FollowerCommandParser.Parse("下一段", words, Triggers)!.Kind.ShouldBe(FollowerCommandKind.Continue);
        FollowerCommandParser.Parse("继续", words, Triggers).ShouldBeNull();
    }
}
