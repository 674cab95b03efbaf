using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Conversations;

/// <summary>
/// The undelivered rests of answers, per follower, for "继续". A message's reply and what it leaves here are
/// written together when the reply is settled (the ledger's settlement); these are the writes outside one.
/// </summary>
public interface IContinuationStore
{
    /// <summary>Creates the continuation of <paramref name="sourceKey"/> as generating, if it does not exist (its question if it had none).</summary>
    Task EnsureGeneratingAsync(string openId, string sourceKey, string question, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores the exact rest of an answer, in one statement (creating the continuation if needed; nothing for an empty rest with none).</summary>
    Task SetRemainderAsync(string openId, string sourceKey, string question, string remainder, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Keeps a drawn image (its media id) for "继续" (creating the continuation if needed).</summary>
    Task KeepPictureAsync(string openId, string sourceKey, string question, string mediaId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks an answer that failed after a part was shown: nothing more will come.</summary>
    Task FailAsync(string sourceKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The follower's most recent continuation that still has something to give.</summary>
    Task<Continuation?> FindLatestOpenAsync(string openId, CancellationToken cancellationToken);

    /// <summary>Whether the follower has an open continuation other than <paramref name="exceptSourceKey"/>.</summary>
    Task<bool> HasOpenAsync(string openId, string? exceptSourceKey, CancellationToken cancellationToken);

    /// <summary>Applies a take on its own (the consumer API, which has no reply to settle with it); false when another take came first.</summary>
    Task<bool> TakeAsync(ContinuationTake take, CancellationToken cancellationToken);

    Task DeleteAllAsync(string openId, CancellationToken cancellationToken);

    /// <summary>Deletes continuations last changed before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>A part taken from a continuation by a "继续": the continuation after the take, and how many parts it had before.</summary>
/// <param name="ExpectedPartsTaken">The take applies only if no other take came first.</param>
public sealed record ContinuationTake(Continuation After, int ExpectedPartsTaken);
