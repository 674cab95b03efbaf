namespace WeChatGpt.Domain.Messaging;

public sealed record LocationMessage : UserMessage
{
    /// <summary>Latitude (<c>Location_X</c>).</summary>
    public double Latitude { get; init; }

    /// <summary>Longitude (<c>Location_Y</c>).</summary>
    public double Longitude { get; init; }

    public int Scale { get; init; }

    public string? Label { get; init; }

    public override string Kind => "location";
}
