namespace WeChatGpt.Application.Admin;

/// <summary>Read-only figures and lists for the owner's dashboard, straight from the database.</summary>
public interface IAdminReadStore
{
    /// <summary>What happened to the messages first received in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    Task<MessageFigures> FiguresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>How long the model took (question to whole answer) for turns asked in the range, in milliseconds.</summary>
    Task<IReadOnlyList<long>> ModelLatenciesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Followers, most recently active first; <paramref name="search"/> matches the start of an OpenID.</summary>
    /// <returns>How many match, how many of those are the consumer API's test followers, and the page.</returns>
    Task<(int Total, int TestFollowers, IReadOnlyList<FollowerSummary> Items)> FollowersAsync(string? search, int skip, int take, CancellationToken cancellationToken);

    Task<FollowerSummary?> FollowerAsync(string openId, CancellationToken cancellationToken);

    /// <summary>How each of a follower's turns went out (by message key): its reply's kind and outcome while the ledger keeps it, its template.</summary>
    Task<IReadOnlyDictionary<string, TurnMarks>> TurnMarksAsync(IReadOnlyList<string> messageKeys, CancellationToken cancellationToken);

    /// <summary>The follower's latest replies that were not the model's answers — keyword replies, commands, "继续" — while the ledger keeps them.</summary>
    Task<IReadOnlyList<OtherReply>> OtherRepliesAsync(string openId, int take, CancellationToken cancellationToken);

    /// <summary>Pictures kept in the range: photos looked at (in) and images drawn (out).</summary>
    Task<(int In, int Out)> PicturesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <param name="Received">Messages (not events) received.</param>
/// <param name="Events">Events received (subscribe, menu clicks, …).</param>
/// <param name="Answered">Answered by the model within the reply window.</param>
/// <param name="Partial">The last delivery gave what was generated so far (or "still thinking").</param>
/// <param name="Continued">"继续" requests served from an earlier answer.</param>
/// <param name="Deferred">Answered through the customer-service API.</param>
/// <param name="Canned">Commands, keyword replies, welcome and other canned replies.</param>
/// <param name="Throttled">"Too fast" or "still answering".</param>
/// <param name="ModelErrors">The model (or speech) failed and the follower got an apology.</param>
/// <param name="Interrupted">Lost to a restart or saved at shutdown.</param>
/// <param name="Moderated">Questions refused by the sensitive-word filter (never sent to the model).</param>
public sealed record MessageFigures(int Received, int Events, int Answered, int Partial, int Continued, int Deferred, int Canned, int Throttled, int ModelErrors, int Interrupted, int Moderated);

/// <param name="IsTestFollower">Known only through the consumer API (its turns came through it, never a WeChat message): a test, not a follower.</param>
public sealed record FollowerSummary(string OpenId, DateTimeOffset FirstSeenAt, DateTimeOffset LastActiveAt, bool IsSubscribed, bool VoiceReplies, int TurnCount, bool IsTestFollower = false);

/// <param name="Spoken">The reply was a voice message.</param>
/// <param name="Outcome">How its message was settled (a partial at the last delivery, customer service…), while the ledger keeps it.</param>
/// <param name="Template">The conversation template it was asked in.</param>
public sealed record TurnMarks(bool Spoken, Domain.Messaging.ReplyOutcome? Outcome, string? Template);

/// <param name="Text">The reply's text (a picture or voice as such).</param>
public sealed record OtherReply(DateTimeOffset At, Domain.Messaging.ReplyOutcome Outcome, string Text);
