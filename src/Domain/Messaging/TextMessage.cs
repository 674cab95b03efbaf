namespace WeChatGpt.Domain.Messaging;

public sealed record TextMessage : UserMessage
{
    public required string Content { get; init; }

    public override string Kind => "text";
}
