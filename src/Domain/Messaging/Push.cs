namespace WeChatGpt.Domain.Messaging;

/// <summary>
/// An answer to push through the customer-service API (verified accounts), kept until every part went out:
/// a restart between the answer and its push loses nothing, and a retry after a half-done attempt resumes
/// after the parts already sent, so that no part is sent twice.
/// </summary>
public sealed class Push
{
    private Push()
    {
        Key = string.Empty;
        OpenId = string.Empty;
        Question = string.Empty;
        Text = string.Empty;
    }

    public Push(string key, string openId, string question, string text, DateTimeOffset now)
    {
        Key = key;
        OpenId = openId;
        Question = question;
        Text = text;
        CreatedAt = now;
        UpdatedAt = now;
    }

    /// <summary>The message key of the question the answer belongs to.</summary>
    public string Key { get; private set; }

    public string OpenId { get; private set; }

    public string Question { get; private set; }

    /// <summary>The whole answer, as plain text.</summary>
    public string Text { get; private set; }

    /// <summary>A drawn image to push (its WeChat media id) instead of text; <see cref="Text"/> is then empty.</summary>
    public string? PictureMediaId { get; private set; }

    /// <summary>A push of a drawn image.</summary>
    public static Push Picture(string key, string openId, string question, string mediaId, DateTimeOffset now) =>
        new(key, openId, question, string.Empty, now) { PictureMediaId = mediaId };

    /// <summary>How many parts went out (the next attempt starts after them).</summary>
    public int PartsSent { get; private set; }

    /// <summary>Attempts started, the current one included.</summary>
    public int Attempts { get; private set; }

    /// <summary>Every part went out, or what was left is kept for "继续".</summary>
    public bool Done { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
}
