namespace WeChatGpt.Domain.Messaging;

/// <summary>What a message's fixed reply was, for the owner's figures.</summary>
public enum ReplyOutcome
{
    /// <summary>Not recorded (rows from before outcomes were kept).</summary>
    Unknown = 0,

    /// <summary>The model's answer (its first part, or its voice) within the reply window.</summary>
    Answered = 1,

    /// <summary>The last delivery handed out what had been generated so far, or "still thinking".</summary>
    Partial = 2,

    /// <summary>A part of an earlier answer, on "继续".</summary>
    Continued = 3,

    /// <summary>A canned reply: a command's, a keyword reply, an event's, a type the assistant cannot use.</summary>
    Canned = 4,

    /// <summary>"Please wait" or "too fast".</summary>
    Throttled = 5,

    /// <summary>The model (or speech) failed: a short apology.</summary>
    Failed = 6,

    /// <summary>"success", the answer pushed through the customer-service API.</summary>
    Deferred = 7,

    /// <summary>The work was lost (restart) or saved at shutdown.</summary>
    Interrupted = 8,

    /// <summary>The question had a banned word: refused before keywords and the model.</summary>
    Moderated = 9,
}
