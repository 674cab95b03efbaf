using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Moderation;
using WeChatGpt.Domain.Moderation;
using WeChatGpt.Infrastructure.Persistence;

namespace WeChatGpt.Infrastructure.Moderation;

internal sealed class ModerationWordStore(IDbContextFactory<AppDbContext> contexts) : IModerationWordStore
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BannedWords.AsNoTracking().OrderBy(w => w.Word).Select(w => w.Word).ToListAsync(cancellationToken);
    }

    public async Task<bool> AddAsync(string word, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var banned = new BannedWord(word, now);
        if (await db.BannedWords.AnyAsync(w => w.Word == banned.Word, cancellationToken))
        {
            return false;
        }

        db.BannedWords.Add(banned);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Added by someone else meanwhile.
            return false;
        }
    }

    public async Task<bool> RemoveAsync(string word, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var trimmed = word.Trim();
        return await db.BannedWords.Where(w => w.Word == trimmed).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
