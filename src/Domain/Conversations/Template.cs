namespace WeChatGpt.Domain.Conversations;

/// <summary>
/// A named system prompt a follower can start, e.g. English-speaking practice on a topic
/// (<c>英语:旅行</c>). Templates are data: the owner can add and change them.
/// </summary>
public sealed class Template
{
    public const string TopicPlaceholder = "{topic}";

    private Template()
    {
        Id = string.Empty;
        Name = string.Empty;
        Trigger = string.Empty;
        SystemPrompt = string.Empty;
        Language = string.Empty;
    }

    public Template(string id, string name, string trigger, string systemPrompt, string language, string? description = null, string? defaultTopic = null, int sortOrder = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
        ArgumentException.ThrowIfNullOrWhiteSpace(systemPrompt);
        Id = id;
        Name = name;
        Trigger = trigger;
        SystemPrompt = systemPrompt;
        Language = language;
        Description = description;
        DefaultTopic = defaultTopic;
        SortOrder = sortOrder;
        Enabled = true;
    }

    public string Id { get; private set; }

    /// <summary>Shown to followers, e.g. "英语口语练习".</summary>
    public string Name { get; private set; }

    /// <summary>What a follower types to start it, e.g. "英语" (then optionally ":topic").</summary>
    public string Trigger { get; private set; }

    public string? Description { get; private set; }

    /// <summary>The system prompt; <c>{topic}</c> is replaced by the follower's topic.</summary>
    public string SystemPrompt { get; private set; }

    /// <summary>Language the assistant answers in (BCP 47, e.g. <c>en-US</c>); picks the voice.</summary>
    public string Language { get; private set; }

    public string? DefaultTopic { get; private set; }

    public bool Enabled { get; private set; }

    public int SortOrder { get; private set; }

    public string PromptFor(string? topic) =>
        SystemPrompt.Replace(TopicPlaceholder, string.IsNullOrWhiteSpace(topic) ? DefaultTopic ?? "everyday life" : topic.Trim(), StringComparison.Ordinal);

    public void Update(string name, string trigger, string systemPrompt, string language, string? description, string? defaultTopic, bool enabled, int sortOrder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
        ArgumentException.ThrowIfNullOrWhiteSpace(systemPrompt);
        Name = name;
        Trigger = trigger;
        SystemPrompt = systemPrompt;
        Language = language;
        Description = description;
        DefaultTopic = defaultTopic;
        Enabled = enabled;
        SortOrder = sortOrder;
    }
}
