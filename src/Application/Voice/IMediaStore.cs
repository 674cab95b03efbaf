using WeChatGpt.Domain.Voice;

namespace WeChatGpt.Application.Voice;

public interface IMediaStore
{
    Task AddAsync(MediaRecord record, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(string mediaId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Permanent material delivered more than <paramref name="grace"/> ago and not deleted yet.</summary>
    Task<IReadOnlyList<MediaRecord>> DueForDeletionAsync(DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken);

    Task MarkDeletedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets temporary media WeChat has dropped; returns how many.</summary>
    Task<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
