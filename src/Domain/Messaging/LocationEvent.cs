namespace WeChatGpt.Domain.Messaging;

/// <summary>Automatic location report (sent when the follower opens the chat, if enabled).</summary>
public sealed record LocationEvent : EventMessage
{
    public double Latitude { get; init; }

    public double Longitude { get; init; }

    public double Precision { get; init; }

    public override string Kind => "event:LOCATION";
}
