namespace WeChatGpt.Domain.Messaging;

/// <summary>
/// A message type or event the assistant has no meaning for (e.g. <c>TEMPLATESENDJOBFINISH</c>).
/// Kept so that it is acknowledged instead of failing.
/// </summary>
public sealed record UnknownMessage : IncomingMessage
{
    public required string MsgType { get; init; }

    public string? Event { get; init; }

    public long? MsgId { get; init; }

    public override string Kind => Event is null ? MsgType : $"{MsgType}:{Event}";

    public override MessageKey Key => MsgId is { } id ? MessageKey.ForMessage(id) : MessageKey.ForEvent(FromUserName, CreateTime);
}
