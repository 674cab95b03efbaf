using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Conversations;

/// <summary>The undelivered rests of answers, per follower, for "继续".</summary>
public interface IContinuationStore
{
    /// <summary>Creates the continuation of <paramref name="sourceKey"/> as generating, if it does not exist.</summary>
    Task EnsureGeneratingAsync(string openId, string sourceKey, string question, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores the rest of an answer (creating the continuation if needed).</summary>
    Task SetRemainderAsync(string openId, string sourceKey, string question, string remainder, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks an answer that failed after a part was shown.</summary>
    Task FailAsync(string sourceKey, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Continuation?> FindAsync(string sourceKey, CancellationToken cancellationToken);

    /// <summary>The most recent continuation that still has something to give, or that <paramref name="takenBy"/> took from.</summary>
    Task<Continuation?> FindLatestOpenAsync(string openId, string? takenBy, CancellationToken cancellationToken);

    /// <summary>Whether the follower has an open continuation other than <paramref name="exceptSourceKey"/>.</summary>
    Task<bool> HasOpenAsync(string openId, string? exceptSourceKey, CancellationToken cancellationToken);

    /// <summary>Saves a take; false when someone else changed the continuation first (optimistic concurrency).</summary>
    Task<bool> SaveTakeAsync(Continuation continuation, int expectedPartsTaken, CancellationToken cancellationToken);

    Task DeleteAllAsync(string openId, CancellationToken cancellationToken);

    /// <summary>Deletes continuations last changed before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
