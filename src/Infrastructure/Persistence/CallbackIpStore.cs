using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Protection;
using WeChatGpt.Domain.Protection;

namespace WeChatGpt.Infrastructure.Persistence;

internal sealed class CallbackIpStore(IDbContextFactory<AppDbContext> contexts) : ICallbackIpStore
{
    public async Task<IReadOnlyList<string>> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CallbackIpRanges.AsNoTracking().Select(r => r.Range).ToListAsync(cancellationToken);
    }

    public async Task ReplaceAsync(IReadOnlyList<string> ranges, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var distinct = ranges.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.CallbackIpRanges.ExecuteDeleteAsync(cancellationToken);
        db.CallbackIpRanges.AddRange(distinct.Select(r => new CallbackIpRange(r, now)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
