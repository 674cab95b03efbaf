namespace WeChatGpt.Domain.Moderation;

/// <summary>A banned word the owner added through the admin API (the configured and file words are not stored).</summary>
public sealed class BannedWord
{
    private BannedWord()
    {
        Word = string.Empty;
    }

    public BannedWord(string word, DateTimeOffset addedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(word);
        Word = word.Trim();
        AddedAt = addedAt;
    }

    public string Word { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }
}
