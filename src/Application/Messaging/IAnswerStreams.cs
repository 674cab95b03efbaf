using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Answers in flight shared between instances (PostgreSQL): the instance that writes an answer keeps what has
/// streamed of it in the database as it grows (throttled); the last delivery of its question on another instance
/// takes its cut there, atomically, and the owner later keeps exactly the rest (<see cref="CloseAsync"/>). With one
/// process (SQLite) nothing is shared: every delivery finds the answer in this process.
/// </summary>
public interface IAnswerStreams
{
    /// <summary>Whether answers are shared (several instances may serve one question's deliveries).</summary>
    bool Shared { get; }

    /// <summary>
    /// A delivery of <paramref name="key"/> whose answer is written elsewhere cannot wait longer: takes the text
    /// streamed there so far (as much of it as <paramref name="choose"/> takes, possibly none), once per key. Null
    /// when there is nothing to cut from: nothing shared yet, already cut, or the answer is finishing.
    /// </summary>
    Task<RemoteCut?> CutAsync(MessageKey key, Func<string, int> choose, CancellationToken cancellationToken);

    /// <summary>
    /// The owner finishes <paramref name="answer"/>: it is shared no more, and what another instance cut from it
    /// (if anything) is returned — after this, no other instance can cut.
    /// </summary>
    Task<RemoteCut?> CloseAsync(Answer answer, CancellationToken cancellationToken);

    /// <summary>What was shared of an answer whose owner is gone (and what was cut from it), or null.</summary>
    Task<SharedAnswer?> FindAsync(MessageKey key, CancellationToken cancellationToken);

    /// <summary>Deletes what was shared of answers whose owner never closed them (it died), older than <paramref name="before"/>.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>What has streamed of an answer (since the model last started over: <paramref name="Generation"/>).</summary>
public sealed record StreamedText(MessageKey Key, string OpenId, string Question, int Generation, string Text);

/// <summary>A cut taken on another instance: raw characters <c>[0, Offset)</c> of the text of <paramref name="Generation"/>.</summary>
/// <param name="Text">The raw text cut (the follower reads it plain).</param>
public sealed record RemoteCut(int Generation, int Offset, string Text, string OpenId, string Question);

/// <summary>An answer as it was last shared, and how much of it a delivery already cut (null: none).</summary>
public sealed record SharedAnswer(StreamedText Streamed, int? Cut);

/// <summary>One process: nothing is shared.</summary>
public sealed class UnsharedAnswerStreams : IAnswerStreams
{
    public bool Shared => false;

    public Task<RemoteCut?> CutAsync(MessageKey key, Func<string, int> choose, CancellationToken cancellationToken) => Task.FromResult<RemoteCut?>(null);

    public Task<RemoteCut?> CloseAsync(Answer answer, CancellationToken cancellationToken) => Task.FromResult<RemoteCut?>(null);

    public Task<SharedAnswer?> FindAsync(MessageKey key, CancellationToken cancellationToken) => Task.FromResult<SharedAnswer?>(null);

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0);
}
