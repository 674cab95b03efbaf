using MediatR;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Runs background work — a MediatR command — detached from the HTTP request that started it, in its own DI
/// scope, until it finishes (or the host's shutdown grace ends, when its token fires). WeChat hanging up never
/// cancels an answer.
/// </summary>
public interface IAnswerRunner
{
    void Run(IRequest command);

    /// <summary>Work still running (for graceful shutdown and metrics).</summary>
    int Running { get; }
}
