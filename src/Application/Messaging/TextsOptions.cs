namespace WeChatGpt.Application.Messaging;

/// <summary>Texts a follower reads (section <c>Texts</c>). Chinese by default; every one is configurable.</summary>
public sealed class TextsOptions
{
    public const string SectionName = "Texts";

    public string Welcome { get; set; } = "感谢关注！我是 AI 助手，直接发文字或语音和我聊天吧。发送“帮助”查看可用指令。";

    public string Unsupported { get; set; } = "暂时只能看懂文字和语音消息哦，请用文字或语音提问。";

    public string Apology { get; set; } = "抱歉，刚才出了点问题，请稍后再试一次。";
}
