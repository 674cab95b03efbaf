using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Voice;
using WeChatGpt.Domain.Voice;

namespace WeChatGpt.Infrastructure.Persistence;

internal sealed class MediaStore(IDbContextFactory<AppDbContext> contexts) : IMediaStore
{
    public async Task AddAsync(MediaRecord record, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.MediaRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task MarkDeliveredAsync(string mediaId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.MediaRecords
            .Where(m => m.MediaId == mediaId && m.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveredAt, now), cancellationToken);
    }

    public async Task<IReadOnlyList<MediaRecord>> DueForDeletionAsync(DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deliveredBefore = now - grace;
        return await db.MediaRecords.AsNoTracking()
            .Where(m => m.Kind == MediaKind.Permanent && m.DeletedAt == null && m.DeliveredAt != null && m.DeliveredAt <= deliveredBefore)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task MarkDeletedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.MediaRecords.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.DeletedAt, now), cancellationToken);
    }

    public async Task<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaRecords
            .Where(m => m.Kind == MediaKind.Temporary && m.ExpiresAt != null && m.ExpiresAt <= now)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
