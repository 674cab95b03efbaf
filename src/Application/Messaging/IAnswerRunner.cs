namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Runs work detached from the HTTP request that started it, in its own DI scope, until it finishes
/// (or the host's shutdown grace ends). WeChat hanging up never cancels an answer.
/// </summary>
public interface IAnswerRunner
{
    void Run(string name, Func<IServiceProvider, CancellationToken, Task> work);

    /// <summary>Work still running (for graceful shutdown and metrics).</summary>
    int Running { get; }
}
