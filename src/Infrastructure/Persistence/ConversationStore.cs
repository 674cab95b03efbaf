using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence;

internal sealed class ConversationStore(AppDbContext db) : IConversationStore
{
    public async Task<Conversation> GetOpenAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.Conversations.AsNoTracking()
            .Where(c => c.OpenId == openId && c.EndedAt == null)
            .OrderByDescending(c => c.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
        {
            return open;
        }

        var conversation = new Conversation(openId, template: null, topic: null, now);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(conversation).State = EntityState.Detached;
        return conversation;
    }

    public async Task<Conversation> StartAsync(string openId, Template? template, string? topic, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Conversations
            .Where(c => c.OpenId == openId && c.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.EndedAt, now), cancellationToken);
        var conversation = new Conversation(openId, template, topic, now);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.Entry(conversation).State = EntityState.Detached;
        return conversation;
    }

    public async Task<IReadOnlyList<Turn>> RecentTurnsAsync(Guid conversationId, int count, CancellationToken cancellationToken)
    {
        var newestFirst = await db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == conversationId)
            .OrderByDescending(t => t.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
        newestFirst.Reverse();
        return newestFirst;
    }

    public async Task<bool> AddTurnAsync(Turn turn, CancellationToken cancellationToken)
    {
        db.Turns.Add(turn);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The message's turn is stored already (unique key): never a second one.
            if (await db.Turns.AsNoTracking().AnyAsync(t => t.MessageKey == turn.MessageKey, cancellationToken))
            {
                return false;
            }

            throw;
        }
        finally
        {
            db.Entry(turn).State = EntityState.Detached;
        }
    }

    public async Task<IReadOnlyList<Turn>> HistoryAsync(string openId, int skip, int take, CancellationToken cancellationToken) =>
        await db.Turns.AsNoTracking()
            .Where(t => t.OpenId == openId)
            .OrderByDescending(t => t.Id)
            .Skip(skip)
            .Take(take)
            .ToListAsync(cancellationToken);

    public Task<int> CountTurnsAsync(string openId, CancellationToken cancellationToken) =>
        db.Turns.CountAsync(t => t.OpenId == openId, cancellationToken);

    public async Task<int> DeleteAllAsync(string openId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var turns = await db.Turns.Where(t => t.OpenId == openId).ExecuteDeleteAsync(cancellationToken);
        await db.Conversations.Where(c => c.OpenId == openId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return turns;
    }
}
