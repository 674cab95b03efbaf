namespace WeChatGpt.Application.Conversations;

/// <summary>What the assistant is told before every conversation (section <c>OpenAI</c>, key <c>SystemPrompt</c>).</summary>
public sealed class AssistantOptions
{
    public const string SectionName = "OpenAI";

    public string SystemPrompt { get; set; } =
        "你是一个乐于助人的 AI 助手，在微信公众号里和用户聊天。回答准确、简洁，使用用户提问所用的语言。" +
        "微信不显示 Markdown：请用纯文本回答，不要使用标题、加粗或表格。";
}
