using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Pictures;
using WeChatGpt.Domain.Pictures;

namespace WeChatGpt.Infrastructure.Persistence;

internal sealed class PictureStore(IDbContextFactory<AppDbContext> contexts) : IPictureStore
{
    public async Task<long> AddAsync(Picture picture, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Pictures.Add(picture);
        await db.SaveChangesAsync(cancellationToken);
        return picture.Id;
    }

    public async Task<Picture?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Pictures.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<Picture>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Pictures.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
    }

    public async Task SetMediaIdAsync(long id, string mediaId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Pictures.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.MediaId, mediaId), cancellationToken);
    }
}
