using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// Templates are read on every text message (to recognise triggers), so the enabled list is cached
/// for a few seconds; changes through the admin API invalidate it.
/// </summary>
internal sealed class TemplateStore(IDbContextFactory<AppDbContext> contexts, TemplateCache cache, SharedCaches caches, TimeProvider clock) : ITemplateStore
{
    public async Task<IReadOnlyList<Template>> ListEnabledAsync(CancellationToken cancellationToken)
    {
        if (cache.TryGet(clock.GetUtcNow(), out var cached))
        {
            return cached;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var list = await db.Templates.AsNoTracking()
            .Where(t => t.Enabled)
            .OrderBy(t => t.SortOrder)
            .ThenBy(t => t.Trigger)
            .ToListAsync(cancellationToken);
        cache.Set(list, clock.GetUtcNow());
        return list;
    }

    public async Task<Template?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Templates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<Template>> ListAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Templates.AsNoTracking()
            .OrderBy(t => t.SortOrder)
            .ThenBy(t => t.Trigger)
            .ToListAsync(cancellationToken);
    }

    public async Task SaveAsync(Template template, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Templates.FirstOrDefaultAsync(t => t.Id == template.Id, cancellationToken);
        if (existing is null)
        {
            db.Templates.Add(template);
        }
        else
        {
            existing.Update(template.Name, template.Trigger, template.SystemPrompt, template.Language, template.Description, template.DefaultTopic, template.Enabled, template.SortOrder);
        }

        await db.SaveChangesAsync(cancellationToken);
        await caches.ChangedAsync(SharedCaches.Templates);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Templates.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);
        await caches.ChangedAsync(SharedCaches.Templates);
        return deleted > 0;
    }
}

internal sealed class TemplateCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private (IReadOnlyList<Template> List, DateTimeOffset Expires)? _entry;

    public bool TryGet(DateTimeOffset now, out IReadOnlyList<Template> list)
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

    public void Set(IReadOnlyList<Template> list, DateTimeOffset now) => _entry = (list, now + Lifetime);

    public void Invalidate() => _entry = null;
}
