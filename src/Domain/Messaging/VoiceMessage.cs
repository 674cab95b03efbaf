namespace WeChatGpt.Domain.Messaging;

public sealed record VoiceMessage : UserMessage
{
    public required string MediaId { get; init; }

    /// <summary>Audio format, e.g. <c>amr</c> or <c>speex</c>.</summary>
    public string? Format { get; init; }

    /// <summary>WeChat's speech recognition result; being retired by WeChat and often empty.</summary>
    public string? Recognition { get; init; }

    public string? MediaId16K { get; init; }

    public override string Kind => "voice";
}
