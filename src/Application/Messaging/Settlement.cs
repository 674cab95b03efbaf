using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// A message's reply, settled once: written in one transaction with what it leaves for "继续", which returns the
/// winner. The first settlement of a key wins; a later one loses and keeps what follows from the winner.
/// </summary>
/// <param name="Outcome">What the reply is, for the owner's figures.</param>
public sealed record Settlement(MessageKey Key, Reply Reply, ReplyOutcome Outcome, DateTimeOffset At)
{
    /// <summary>What is kept for "继续" when this reply wins.</summary>
    public Keep? IfWon { get; init; }

    /// <summary>What is kept for "继续" when another reply won, from that winner.</summary>
    public Func<Reply, Keep?>? IfLost { get; init; }

    /// <summary>A "继续": the take this reply is, applied only with it; a take that lost its race settles nothing.</summary>
    public ContinuationTake? Take { get; init; }

    /// <summary>This reply hands the follower an answer no delivery showed: it is marked read with it (when this one wins).</summary>
    public MessageKey? Reads { get; init; }
}

/// <param name="Winner">The key's reply: this settlement's, or the one settled before.</param>
/// <param name="Won">This settlement's reply is the key's.</param>
/// <param name="Kept">What was kept for "继续" with it.</param>
/// <param name="Conflict">The take's continuation changed meanwhile: nothing was written; read it again.</param>
public sealed record Settled(Reply Winner, bool Won, Keep? Kept, bool Conflict = false);

/// <summary>What a settlement keeps for "继续" (or pushes, in customer-service mode).</summary>
public abstract record Keep
{
    /// <summary>The exact text left of an answer (empty: nothing is left).</summary>
    public sealed record Rest(string OpenId, string SourceKey, string Question, string Text) : Keep;

    /// <summary>A drawn image that no delivery showed (its WeChat media id): it waits for "继续".</summary>
    public sealed record Picture(string OpenId, string SourceKey, string Question, string MediaId) : Keep;

    /// <summary>Part of the answer was shown and the rest is still being written.</summary>
    public sealed record Generating(string OpenId, string SourceKey, string Question) : Keep;

    /// <summary>The answer failed after a part was shown: nothing more will come (the follower is told once).</summary>
    public sealed record Failed(string SourceKey) : Keep;

    /// <summary>The whole answer goes out through the customer-service API (a job started after the commit).</summary>
    public sealed record Push(Domain.Messaging.Push Answer) : Keep;
}
