namespace WeChatGpt.Application.Moderation;

/// <summary>The banned words the owner manages through the admin API (beside the configured ones).</summary>
public interface IModerationWordStore
{
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when the word was there already.</summary>
    Task<bool> AddAsync(string word, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>False when there was no such word.</summary>
    Task<bool> RemoveAsync(string word, CancellationToken cancellationToken);
}

/// <summary>The OpenAI-compatible <c>/moderations</c> endpoint.</summary>
public interface IExternalModeration
{
    /// <summary>True when the text is flagged; throws when the endpoint fails (the caller skips the check then).</summary>
    Task<bool> IsFlaggedAsync(string text, CancellationToken cancellationToken);
}

/// <summary>Where the filter's word list comes from; re-read after the admin changes it.</summary>
public interface IModerationWordsSource
{
    Task ReloadAsync(CancellationToken cancellationToken);
}
