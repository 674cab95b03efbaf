namespace WeChatGpt.Domain.Admin;

/// <summary>
/// A fixed reply the owner set for a keyword, checked before the model. A custom webhook turns off the
/// platform's own keyword replies and menu, so the account's rules live here. An exact keyword also
/// answers a custom-menu button whose key it is.
/// </summary>
public sealed class KeywordReply
{
    private KeywordReply()
    {
        Keyword = string.Empty;
        Reply = string.Empty;
    }

    public KeywordReply(string keyword, KeywordMatch match, string reply, bool enabled = true)
    {
        Keyword = string.Empty;
        Reply = string.Empty;
        Change(keyword, match, reply, enabled);
    }

    public long Id { get; private set; }

    public string Keyword { get; private set; }

    public KeywordMatch Match { get; private set; }

    public string Reply { get; private set; }

    public bool Enabled { get; private set; }

    public void Change(string keyword, KeywordMatch match, string reply, bool enabled)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyword);
        ArgumentException.ThrowIfNullOrWhiteSpace(reply);
        Keyword = keyword.Trim();
        Match = match;
        Reply = reply;
        Enabled = enabled;
    }

    /// <summary>Sentence-ending punctuation that speech recognition (and many people) add after a word.</summary>
    private static readonly char[] TrailingPunctuation = ['。', '？', '！', '，', '～', '.', '?', '!', ',', '~', ' '];

    public bool Matches(string text)
    {
        var input = text.Trim();
        return Enabled && Match switch
        {
            KeywordMatch.Exact => string.Equals(input, Keyword, StringComparison.OrdinalIgnoreCase)
                || string.Equals(input.TrimEnd(TrailingPunctuation), Keyword, StringComparison.OrdinalIgnoreCase),
            KeywordMatch.Contains => input.Contains(Keyword, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>A custom-menu CLICK with this key: exact keywords only.</summary>
    public bool MatchesMenuKey(string eventKey) =>
        Enabled && Match == KeywordMatch.Exact && string.Equals(eventKey, Keyword, StringComparison.Ordinal);
}
