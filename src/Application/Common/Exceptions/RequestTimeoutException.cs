namespace WeChatGpt.Application.Common.Exceptions;

/// <summary>A request ran longer than its timeout and was cancelled.</summary>
public sealed class RequestTimeoutException(string requestName, TimeSpan timeout)
    : Exception($"{requestName} did not finish within {timeout.TotalSeconds:0.###} s.")
{
    public string RequestName { get; } = requestName;

    public TimeSpan Timeout { get; } = timeout;
}
