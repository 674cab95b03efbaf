namespace WeChatGpt.Domain.Messaging;

/// <summary>A follower who already follows scanned a parametric QR code.</summary>
public sealed record ScanEvent : EventMessage
{
    /// <summary>The scene value (no prefix).</summary>
    public string? EventKey { get; init; }

    public string? Ticket { get; init; }

    public override string Kind => "event:SCAN";
}
