namespace WeChatGpt.Application.Conversations;

/// <summary>
/// Words a follower types to command the assistant (section <c>Commands</c>), compared without case,
/// surrounding spaces or trailing punctuation. Chinese and English by default.
/// </summary>
public sealed class CommandOptions
{
    public const string SectionName = "Commands";

    public string[] Help { get; set; } = ["帮助", "help", "/help", "?", "？"];

    public string[] Reset { get; set; } = ["重置", "/reset", "reset", "新对话", "清空记录"];

    public string[] Continue { get; set; } = ["继续", "continue", "/continue"];

    public string[] VoiceOn { get; set; } = ["语音开", "/voice on", "voice on"];

    public string[] VoiceOff { get; set; } = ["语音关", "/voice off", "voice off"];

    public string[] Templates { get; set; } = ["模板", "/templates", "templates"];

    public string[] ExitTemplate { get; set; } = ["退出", "退出模板", "/exit", "exit"];

    /// <summary>
    /// Prefixes that ask for a drawn image (<c>Images:Enabled</c>): "画 一只猫", "画图：海边的日落", "/draw a cat". A
    /// one-character prefix needs a space or colon after it, so that "画家是谁" stays a question.
    /// </summary>
    public string[] Draw { get; set; } = ["画", "画图", "/draw"];
}
