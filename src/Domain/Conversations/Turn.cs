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

    /// <summary>Prompt tokens of the model call that wrote the answer (0 for an answer the model did not write).</summary>
    public int PromptTokens { get; private set; }

    public int CompletionTokens { get; private set; }

    /// <summary>The tokens are the product's estimate: the endpoint sent no count.</summary>
    public bool TokensEstimated { get; private set; }

    /// <summary>The model asked (null for an answer the model did not write).</summary>
    public string? Model { get; private set; }

    /// <summary>Records what the answer cost (before it is stored).</summary>
    public Turn WithUsage(int promptTokens, int completionTokens, bool estimated, string model)
    {
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
        TokensEstimated = estimated;
        Model = model;
        return this;
    }

    /// <summary>Attaches the turn's picture (before it is stored).</summary>
    public Turn WithPicture(long pictureId, bool drawn)
    {
        PictureId = pictureId;
        Drawn = drawn;
        return this;
    }
}
