namespace WeChatGpt.Domain.Messaging;

/// <summary>A <c>view</c> (URL) button of the custom menu was pressed.</summary>
public sealed record MenuViewEvent : EventMessage
{
    /// <summary>The URL that was opened.</summary>
    public string? EventKey { get; init; }

    public string? MenuId { get; init; }

    public override string Kind => "event:VIEW";
}
