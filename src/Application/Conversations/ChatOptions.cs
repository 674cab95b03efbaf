namespace WeChatGpt.Application.Conversations;

/// <summary>Conversation memory and answering (section <c>Chat</c>).</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Turns of history sent with each question.</summary>
    public int HistoryTurns { get; set; } = 20;

    /// <summary>Approximate tokens for system prompt, history and question together; older turns are dropped first.</summary>
    public int ContextTokens { get; set; } = 6000;

    /// <summary>Longest accepted question, in characters.</summary>
    public int MaxQuestionChars { get; set; } = 4000;

    /// <summary>
    /// After this long without a question, the next one starts a fresh conversation: the earlier turns stay in the
    /// database (the owner sees them) but no longer go with the prompt. <c>00:00:00</c>: never.
    /// </summary>
    public TimeSpan HistoryIdleExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Absolute limit of one answer's generation (the model may stream for a long time).</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Answers talking to the model at once (read at start); more questions wait in order and a last delivery
    /// that comes while its question waits says so (<c>Texts:Crowded</c>), keeping it for "继续".
    /// <c>0</c>: derived from the process's open-file limit (each waiting follower holds its inbound socket and,
    /// over HTTP/1.1, a model connection).
    /// </summary>
    public int MaxConcurrentAnswers { get; set; }

    /// <summary>
    /// Tokens (prompt and completion) one follower may spend per day in the owner's time zone (<c>Admin:TimeZone</c>);
    /// once spent, questions get <c>Texts:DailyBudgetSpent</c> until midnight. <c>0</c>: no limit.
    /// </summary>
    public int DailyTokensPerFollower { get; set; }
}
