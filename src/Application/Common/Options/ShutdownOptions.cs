namespace WeChatGpt.Application.Common.Options;

/// <summary>Graceful shutdown (section <c>Shutdown</c>).</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>How long answers still being generated may finish when the service stops.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(10);
}
