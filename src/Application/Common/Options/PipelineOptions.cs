namespace WeChatGpt.Application.Common.Options;

/// <summary>Settings of the MediatR pipeline (section <c>Pipeline</c>).</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>Timeout of requests that do not declare their own.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
