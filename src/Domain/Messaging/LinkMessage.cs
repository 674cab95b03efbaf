namespace WeChatGpt.Domain.Messaging;

public sealed record LinkMessage : UserMessage
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    public override string Kind => "link";
}
