namespace WeChatGpt.Domain.Messaging;

public sealed record ImageMessage : UserMessage
{
    public string? PicUrl { get; init; }

    public string? MediaId { get; init; }

    public override string Kind => "image";
}
