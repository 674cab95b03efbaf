namespace WeChatGpt.Domain.Messaging;

/// <summary>A <c>click</c> button of the custom menu was pressed.</summary>
public sealed record MenuClickEvent : EventMessage
{
    public required string EventKey { get; init; }

    public override string Kind => "event:CLICK";
}
