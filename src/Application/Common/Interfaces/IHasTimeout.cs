namespace WeChatGpt.Application.Common.Interfaces;

/// <summary>Opts a request into its own timeout instead of the pipeline's default.</summary>
public interface IHasTimeout
{
    TimeSpan Timeout { get; }
}
