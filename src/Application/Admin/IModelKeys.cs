namespace WeChatGpt.Application.Admin;

/// <summary>The configured model API keys as the owner sees them (masked), and the one action on them.</summary>
public interface IModelKeys
{
    /// <summary>Each configured key, in configuration order: its state in this instance, and today's requests and errors.</summary>
    IReadOnlyList<ModelKeyStatus> List();

    /// <summary>
    /// Puts the keys ending in <paramref name="last4"/> back into rotation (disabled or resting: the owner fixed it).
    /// Returns how many keys matched.
    /// </summary>
    int Enable(string last4);

    /// <summary>Whether any key can take a request now (none: every key is disabled or resting, or none is configured).</summary>
    bool AnyUsable { get; }
}

/// <param name="Key">Masked: the last 4 characters (<c>…abcd</c>).</param>
/// <param name="State"><c>active</c>, <c>resting</c> (a 429: until <paramref name="Since"/> + its rest) or <c>disabled</c> (a 401/403).</param>
/// <param name="Since">Disabled since, or resting until; null when active.</param>
/// <param name="LastStatus">The HTTP status of its last failure, if any.</param>
public sealed record ModelKeyStatus(string Key, string Last4, string State, DateTimeOffset? Since, DateTimeOffset? Until, int? LastStatus, int RequestsToday, int ErrorsToday);
