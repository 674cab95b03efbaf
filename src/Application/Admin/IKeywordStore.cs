using WeChatGpt.Domain.Admin;

namespace WeChatGpt.Application.Admin;

public interface IKeywordStore
{
    /// <summary>Every rule (enabled or not), by id. Cached briefly; changes here invalidate it.</summary>
    Task<IReadOnlyList<KeywordReply>> ListAsync(CancellationToken cancellationToken);

    Task<KeywordReply?> FindAsync(long id, CancellationToken cancellationToken);

    Task<KeywordReply> AddAsync(KeywordReply rule, CancellationToken cancellationToken);

    Task<bool> UpdateAsync(long id, Action<KeywordReply> change, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);
}
