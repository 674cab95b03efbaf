using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Admission control in front of the model: at most <see cref="ChatOptions.MaxConcurrentAnswers"/> answers stream
/// at once; the others wait their turn in arrival order (a semaphore's waiters are served first come, first served)
/// instead of all starting late and none finishing in time. A waiting answer is marked <see cref="Answer.Queued"/>,
/// so that its last delivery tells the follower it is queued rather than leaving them to WeChat's failure notice;
/// its question stays queued and its answer is kept for "继续".
/// </summary>
public sealed class AnswerAdmission : IDisposable
{
    private readonly SemaphoreSlim _turns;
    private readonly WeChatGptMetrics _metrics;
    private int _waiting;

    public AnswerAdmission(IOptions<ChatOptions> chat, WeChatGptMetrics metrics)
    {
        Limit = chat.Value.MaxConcurrentAnswers > 0 ? chat.Value.MaxConcurrentAnswers : DefaultLimit;
        _turns = new SemaphoreSlim(Limit, Limit);
        _metrics = metrics;
    }

    /// <summary>Used when nothing derived a limit (outside the host, e.g. in unit tests).</summary>
    public const int DefaultLimit = 2_000;

    public int Limit { get; }

    /// <summary>Answers waiting for a turn now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Answers streaming now.</summary>
    public int Streaming => Limit - _turns.CurrentCount;

    /// <summary>Waits for the answer's turn at the model; dispose the result when its model call is over.</summary>
    public async Task<IDisposable> EnterAsync(Answer answer, CancellationToken cancellationToken)
    {
        if (!_turns.Wait(0, CancellationToken.None))
        {
            answer.Queued = true;
            Interlocked.Increment(ref _waiting);
            _metrics.AnswerQueued();
            try
            {
                await _turns.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
                answer.Queued = false;
            }
        }

        return new Turn(_turns);
    }

    public void Dispose() => _turns.Dispose();

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turns.Release();
            }
        }
    }
}
