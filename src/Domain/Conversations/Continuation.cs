namespace WeChatGpt.Domain.Conversations;

/// <summary>
/// The undelivered rest of one answer, handed out part by part when the follower sends "继续". It is open while
/// it is being generated, or ready with text left (or a failure to tell once); a take hands out one part.
/// </summary>
public sealed class Continuation
{
    private Continuation()
    {
        OpenId = string.Empty;
        SourceKey = string.Empty;
        QuestionPreview = string.Empty;
        RemainingText = string.Empty;
    }

    public Continuation(string openId, string sourceKey, string question, DateTimeOffset now)
    {
        OpenId = openId;
        SourceKey = sourceKey;
        QuestionPreview = Preview(question);
        RemainingText = string.Empty;
        State = ContinuationState.Generating;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }

    public string OpenId { get; private set; }

    /// <summary>The message key of the question whose answer this is.</summary>
    public string SourceKey { get; private set; }

    public string QuestionPreview { get; private set; }

    public ContinuationState State { get; private set; }

    /// <summary>Plain text not yet delivered.</summary>
    public string RemainingText { get; private set; }

    public int PartsTaken { get; private set; }

    /// <summary>The message that took the latest part, and that part: a redelivery of it gets the same.</summary>
    public string? LastTakenBy { get; private set; }

    public string? LastPart { get; private set; }

    /// <summary>A drawn image waiting for "继续" (its WeChat media id): handed out once, as an image reply.</summary>
    public string? PictureMediaId { get; private set; }

    /// <summary>Set when the answer failed after a part was shown: the follower is told once.</summary>
    public bool Failed { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Records that <paramref name="messageKey"/> took <paramref name="part"/> and what remains.</summary>
    public void Take(string messageKey, string part, string rest, DateTimeOffset now)
    {
        if (State != ContinuationState.Ready)
        {
            throw new InvalidOperationException("Only a ready continuation hands out parts.");
        }

        PartsTaken++;
        LastTakenBy = messageKey;
        LastPart = part;
        RemainingText = rest;
        if (rest.Trim().Length == 0)
        {
            State = ContinuationState.Done;
        }

        UpdatedAt = now;
    }

    /// <summary>Records that <paramref name="messageKey"/> took the waiting picture: nothing is left.</summary>
    public void TakePicture(string messageKey, DateTimeOffset now)
    {
        if (State != ContinuationState.Ready || PictureMediaId is null)
        {
            throw new InvalidOperationException("Only a ready continuation with a picture hands it out.");
        }

        PartsTaken++;
        LastTakenBy = messageKey;
        LastPart = null;
        RemainingText = string.Empty;
        State = ContinuationState.Done;
        UpdatedAt = now;
    }

    /// <summary>How a question is shown when its answer is continued later ("接着回答「…」"): one line, at most 20 characters.</summary>
    public static string Preview(string question)
    {
        var line = question.ReplaceLineEndings(" ").Trim();
        return line.Length <= 20 ? line : string.Concat(line.AsSpan(0, 20), "…");
    }
}
