namespace WeChatGpt.Domain.Messaging;

public sealed record VideoMessage : UserMessage
{
    public string? MediaId { get; init; }

    public string? ThumbMediaId { get; init; }

    /// <summary><c>shortvideo</c> rather than <c>video</c>.</summary>
    public bool IsShortVideo { get; init; }

    public override string Kind => IsShortVideo ? "shortvideo" : "video";
}
