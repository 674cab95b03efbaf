using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence;

internal sealed class ContinuationStore(IDbContextFactory<AppDbContext> contexts) : IContinuationStore
{
    private static readonly Func<AppDbContext, string, string?, CancellationToken, Task<bool>> AnyOpen =
        EF.CompileAsyncQuery((AppDbContext context, string openId, string? except, CancellationToken _) => context.Continuations.Any(c =>
            c.OpenId == openId
            && c.SourceKey != except
            && (c.State == ContinuationState.Generating
                || (c.State == ContinuationState.Ready && (c.RemainingText != string.Empty || c.Failed)))));

    public async Task EnsureGeneratingAsync(string openId, string sourceKey, string question, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fresh = new Continuation(openId, sourceKey, question, now);
        // Insert-if-absent in one statement (same SQL on SQLite and PostgreSQL): never overwrites a stored rest.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO "Continuations" ("OpenId", "SourceKey", "QuestionPreview", "State", "RemainingText", "PartsTaken", "Failed", "CreatedAt", "UpdatedAt")
            VALUES ({openId}, {sourceKey}, {fresh.QuestionPreview}, {(int)ContinuationState.Generating}, '', 0, FALSE, {now.ToUnixTimeMilliseconds()}, {now.ToUnixTimeMilliseconds()})
            ON CONFLICT ("SourceKey") DO NOTHING
            """,
            cancellationToken);
    }

    public async Task SetRemainderAsync(string openId, string sourceKey, string question, string remainder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = remainder.Trim().Length == 0 ? ContinuationState.Done : ContinuationState.Ready;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var updated = await db.Continuations
                .Where(c => c.SourceKey == sourceKey)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(c => c.RemainingText, remainder).SetProperty(c => c.State, state).SetProperty(c => c.UpdatedAt, now),
                    cancellationToken);
            if (updated > 0 || state == ContinuationState.Done)
            {
                return;
            }

            var continuation = new Continuation(openId, sourceKey, question, now);
            continuation.SetRemainder(remainder, now);
            db.Continuations.Add(continuation);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException)
            {
                // Created at the same moment by the reply window: update that one.
            }
        }
    }

    public async Task FailAsync(string sourceKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Continuations
            .Where(c => c.SourceKey == sourceKey)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Failed, true)
                    .SetProperty(c => c.RemainingText, string.Empty)
                    .SetProperty(c => c.State, ContinuationState.Ready)
                    .SetProperty(c => c.UpdatedAt, now),
                cancellationToken);
    }

    public async Task<Continuation?> FindAsync(string sourceKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Continuations.AsNoTracking().FirstOrDefaultAsync(c => c.SourceKey == sourceKey, cancellationToken);
    }

    public async Task<Continuation?> FindLatestOpenAsync(string openId, string? takenBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Open(db, openId)
            .Union(db.Continuations.Where(c => c.OpenId == openId && takenBy != null && c.LastTakenBy == takenBy))
            .AsNoTracking()
            .OrderByDescending(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> HasOpenAsync(string openId, string? exceptSourceKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AnyOpen(db, openId, exceptSourceKey, cancellationToken);
    }

    public async Task<bool> SaveTakeAsync(Continuation continuation, int expectedPartsTaken, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.Continuations
            .Where(c => c.Id == continuation.Id && c.PartsTaken == expectedPartsTaken)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.PartsTaken, continuation.PartsTaken)
                    .SetProperty(c => c.LastTakenBy, continuation.LastTakenBy)
                    .SetProperty(c => c.LastPart, continuation.LastPart)
                    .SetProperty(c => c.RemainingText, continuation.RemainingText)
                    .SetProperty(c => c.State, continuation.State)
                    .SetProperty(c => c.UpdatedAt, continuation.UpdatedAt),
                cancellationToken);
        return updated == 1;
    }

    public async Task DeleteAllAsync(string openId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Continuations.Where(c => c.OpenId == openId).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Continuations.Where(c => c.UpdatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private static IQueryable<Continuation> Open(AppDbContext db, string openId) =>
        db.Continuations.Where(c => c.OpenId == openId
            && (c.State == ContinuationState.Generating
                || (c.State == ContinuationState.Ready && (c.RemainingText != string.Empty || c.Failed))));
}
