namespace WeChatGpt.Domain.Conversations;

/// <summary>One answered question. Its message key is unique: a message is never stored twice.</summary>
public sealed class Turn
{
    private Turn()
    {
        OpenId = string.Empty;
        MessageKey = string.Empty;
        Question = string.Empty;
        Answer = string.Empty;
    }

    internal Turn(Guid conversationId, string openId, string messageKey, string question, string answer, DateTimeOffset askedAt, DateTimeOffset answeredAt)
    {
        ConversationId = conversationId;
        OpenId = openId;
        MessageKey = messageKey;
        Question = question;
        Answer = answer;
        AskedAt = askedAt;
        AnsweredAt = answeredAt;
    }

    /// <summary>A turn as it was stored (the database's hand-written reads).</summary>
    public static Turn Restore(long id, Guid conversationId, string openId, string messageKey, string question, string answer, DateTimeOffset askedAt, DateTimeOffset answeredAt, long? pictureId = null, bool drawn = false) =>
        new(conversationId, openId, messageKey, question, answer, askedAt, answeredAt) { Id = id, PictureId = pictureId, Drawn = drawn };

    public long Id { get; private set; }

    public Guid ConversationId { get; private set; }

    public string OpenId { get; private set; }

    public string MessageKey { get; private set; }

    public string Question { get; private set; }

    /// <summary>The model's answer as generated (Markdown kept: it is what the model said).</summary>
    public string Answer { get; private set; }

    public DateTimeOffset AskedAt { get; private set; }

    public DateTimeOffset AnsweredAt { get; private set; }

    /// <summary>The picture of the turn: the follower's photo it asked about, or the image drawn as its answer.</summary>
    public long? PictureId { get; private set; }

    /// <summary>The answer was a drawn image (<see cref="PictureId"/>), not the model's text.</summary>
    public bool Drawn { get; private set; }

    /// <summary>Attaches the turn's picture (before it is stored).</summary>
    public Turn WithPicture(long pictureId, bool drawn)
    {
        PictureId = pictureId;
        Drawn = drawn;
        return this;
    }
}
