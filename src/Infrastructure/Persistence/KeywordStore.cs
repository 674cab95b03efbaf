using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Admin;
using WeChatGpt.Domain.Admin;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// Keyword rules are read on every text message and menu click, so the list is cached for a few
/// seconds per process; a change made here empties it at once, on every instance (<see cref="SharedCaches"/>).
/// </summary>
internal sealed class KeywordStore(IDbContextFactory<AppDbContext> contexts, KeywordCache cache, SharedCaches caches, TimeProvider clock) : IKeywordStore
{
    public async Task<IReadOnlyList<KeywordReply>> ListAsync(CancellationToken cancellationToken)
    {
        if (cache.TryGet(clock.GetUtcNow(), out var cached))
        {
            return cached;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var list = await db.KeywordReplies.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
        cache.Set(list, clock.GetUtcNow());
        return list;
    }

    public async Task<KeywordReply?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.KeywordReplies.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
    }

    public async Task<KeywordReply> AddAsync(KeywordReply rule, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.KeywordReplies.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        await caches.ChangedAsync(SharedCaches.Keywords);
        return rule;
    }

    public async Task<bool> UpdateAsync(long id, Action<KeywordReply> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.KeywordReplies.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (rule is null)
        {
            return false;
        }

        change(rule);
        await db.SaveChangesAsync(cancellationToken);
        await caches.ChangedAsync(SharedCaches.Keywords);
        return true;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.KeywordReplies.Where(k => k.Id == id).ExecuteDeleteAsync(cancellationToken);
        await caches.ChangedAsync(SharedCaches.Keywords);
        return deleted > 0;
    }
}

internal sealed class KeywordCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private (IReadOnlyList<KeywordReply> List, DateTimeOffset Expires)? _entry;

    public bool TryGet(DateTimeOffset now, out IReadOnlyList<KeywordReply> list)
    {
        var entry = _entry;
        if (entry is { } e && e.Expires > now)
        {
            list = e.List;
            return true;
        }

        list = [];
        return false;
    }

    public void Set(IReadOnlyList<KeywordReply> list, DateTimeOffset now) => _entry = (list, now + Lifetime);

    public void Invalidate() => _entry = null;
}
