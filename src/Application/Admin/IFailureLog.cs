using WeChatGpt.Domain.Operations;

namespace WeChatGpt.Application.Admin;

/// <summary>
/// The owner's record of failed and interrupted answers. Recording never waits for storage and never fails the
/// caller (a follower's reply does not depend on it): records are written in the background, in batches.
/// </summary>
public interface IFailureLog
{
    void Record(FailureRecord failure);

    /// <summary>Records between <paramref name="from"/> and <paramref name="to"/>, newest first, of one kind or all.</summary>
    Task<IReadOnlyList<FailureRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, string? kind, int limit, CancellationToken cancellationToken);

    /// <summary>How many records each kind has between <paramref name="from"/> and <paramref name="to"/>.</summary>
    Task<IReadOnlyDictionary<string, int>> CountAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Deletes records older than <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
