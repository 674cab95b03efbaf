namespace WeChatGpt.Domain.Conversations;

/// <summary>
/// A follower's conversation: the turns asked under one setting (plain chat, or a template and topic).
/// Starting a template or resetting starts a new conversation; the follower has one open conversation.
/// </summary>
public sealed class Conversation
{
    private Conversation()
    {
        OpenId = string.Empty;
    }

    public Conversation(string openId, Template? template, string? topic, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(openId);
        Id = Guid.NewGuid();
        OpenId = openId;
        TemplateId = template?.Id;
        Topic = template is null ? null : topic;
        StartedAt = now;
    }

    /// <summary>A conversation as it was stored (the database's hand-written reads).</summary>
    public static Conversation Restore(Guid id, string openId, string? templateId, string? topic, DateTimeOffset startedAt, DateTimeOffset? endedAt) =>
        new() { Id = id, OpenId = openId, TemplateId = templateId, Topic = topic, StartedAt = startedAt, EndedAt = endedAt };

    public Guid Id { get; private set; }

    public string OpenId { get; private set; }

    public string? TemplateId { get; private set; }

    public string? Topic { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsOpen => EndedAt is null;

    public void End(DateTimeOffset now) => EndedAt ??= now;

    /// <summary>Records an answered question. A failed or abandoned answer never becomes a turn.</summary>
    public Turn Record(string messageKey, string question, string answer, DateTimeOffset askedAt, DateTimeOffset answeredAt)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException("A closed conversation takes no more turns.");
        }

        return new Turn(Id, OpenId, messageKey, question, answer, askedAt, answeredAt);
    }
}
