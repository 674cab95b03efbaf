namespace WeChatGpt.Application.Admin;

/// <summary>
/// The owner's keyword replies, checked before the model: exact rules first, then "contains" rules,
/// longer keywords before shorter. Menu CLICK keys match exact rules.
/// </summary>
public sealed class KeywordReplies(IKeywordStore store)
{
    public async Task<string?> ForTextAsync(string text, CancellationToken cancellationToken)
    {
        var rules = await store.ListAsync(cancellationToken);
        return rules.Where(r => r.Matches(text))
            .OrderBy(r => r.Match)
            .ThenByDescending(r => r.Keyword.Length)
            .FirstOrDefault()?.Reply;
    }

    public async Task<string?> ForMenuKeyAsync(string eventKey, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).FirstOrDefault(r => r.MatchesMenuKey(eventKey))?.Reply;
}
