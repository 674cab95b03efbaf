namespace WeChatGpt.Domain.Messaging;

/// <summary>The follower followed the account, possibly by scanning a parametric QR code.</summary>
public sealed record SubscribeEvent : EventMessage
{
    /// <summary><c>qrscene_&lt;scene&gt;</c> when the follow came from a parametric QR code.</summary>
    public string? EventKey { get; init; }

    public string? Ticket { get; init; }

    /// <summary>The QR scene without WeChat's <c>qrscene_</c> prefix, if any.</summary>
    public string? Scene =>
        EventKey is { Length: > 0 } key && key.StartsWith("qrscene_", StringComparison.Ordinal) ? key["qrscene_".Length..] : null;

    public override string Kind => "event:subscribe";
}
