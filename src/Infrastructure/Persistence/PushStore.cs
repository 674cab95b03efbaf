using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// Pushes in the database. Every change is one conditional statement, so that two attempts of the same push
/// (a retry racing a slow run) agree: a part's record is taken only once, a finished push never restarts.
/// </summary>
internal sealed class PushStore(IDbContextFactory<AppDbContext> contexts) : IPushStore
{
    public async Task<bool> AddAsync(Push push, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = push.CreatedAt.ToUnixTimeMilliseconds();
        return await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO "Pushes" ("Key", "OpenId", "Question", "Text", "PartsSent", "Attempts", "Done", "CreatedAt", "UpdatedAt")
            VALUES ({push.Key}, {push.OpenId}, {push.Question}, {push.Text}, 0, 0, FALSE, {now}, {now})
            ON CONFLICT ("Key") DO NOTHING
            """,
            cancellationToken) == 1;
    }

    public async Task<Push?> BeginAttemptAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var started = await db.Pushes.Where(p => p.Key == key && !p.Done)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Attempts, p => p.Attempts + 1).SetProperty(p => p.UpdatedAt, now), cancellationToken);
        return started == 0 ? null : await db.Pushes.AsNoTracking().SingleAsync(p => p.Key == key, cancellationToken);
    }

    public async Task<bool> PartSentAsync(string key, int index, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Pushes.Where(p => p.Key == key && p.PartsSent == index)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.PartsSent, index + 1).SetProperty(p => p.UpdatedAt, now), cancellationToken) == 1;
    }

    public async Task FinishAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Pushes.Where(p => p.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Done, true).SetProperty(p => p.UpdatedAt, now), cancellationToken);
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Pushes.Where(p => p.UpdatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
