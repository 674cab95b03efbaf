using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Messaging;

/// <summary>Answers waiting to be pushed through the customer-service API, with how far each push got.</summary>
public interface IPushStore
{
    /// <summary>Keeps an answer to push; false when one is already kept for this key (the first stays).</summary>
    Task<bool> AddAsync(Push push, CancellationToken cancellationToken);

    /// <summary>Counts a new attempt of an unfinished push and returns it; null when there is none to do.</summary>
    Task<Push?> BeginAttemptAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records that part <paramref name="index"/> (0-based) went out; false when it was recorded before.</summary>
    Task<bool> PartSentAsync(string key, int index, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The push is over: every part went out, or the rest waits for "继续".</summary>
    Task FinishAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes pushes last changed before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
