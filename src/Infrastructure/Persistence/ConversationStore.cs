using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence;

internal sealed class ConversationStore(IDbContextFactory<AppDbContext> contexts, IStatementWriter writer, IStatementReader reads, DatabaseSettings database) : IConversationStore
{
    // The question's reads are hand-written and stay prepared on the read pool's connections.
    private const string OpenConversationSql = """
        SELECT "Id", "TemplateId", "Topic", "StartedAt" FROM "Conversations"
        WHERE "OpenId" = @openId AND "EndedAt" IS NULL
        ORDER BY "StartedAt" DESC LIMIT 1
        """;

    private const string LatestTurnsSql = """
        SELECT "Id", "OpenId", "MessageKey", "Question", "Answer", "AskedAt", "AnsweredAt", "PictureId", "Drawn" FROM "Turns"
        WHERE "ConversationId" = @conversationId
        ORDER BY "Id" DESC LIMIT @count
        """;

    /// <summary>Starts the follower's first conversation unless one is open (one statement, group-committed).</summary>
    private const string StartIfNoneOpenSql = """
        INSERT INTO "Conversations" ("Id", "OpenId", "TemplateId", "Topic", "StartedAt", "EndedAt")
        SELECT @id, @openId, NULL, NULL, @now, NULL
        WHERE NOT EXISTS (SELECT 1 FROM "Conversations" WHERE "OpenId" = @openId AND "EndedAt" IS NULL)
        """;

    private const string AddTurnSql = """
        INSERT INTO "Turns" ("ConversationId", "OpenId", "MessageKey", "Question", "Answer", "AskedAt", "AnsweredAt", "PictureId", "Drawn", "PromptTokens", "CompletionTokens", "TokensEstimated", "Model")
        VALUES (@conversationId, @openId, @messageKey, @question, @answer, @askedAt, @answeredAt, @pictureId, @drawn, @promptTokens, @completionTokens, @tokensEstimated, @model)
        ON CONFLICT ("MessageKey") DO NOTHING
        """;

    public async Task<Conversation> GetOpenAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FindOpenAsync(openId, cancellationToken) is { } open)
        {
            return open;
        }

        var conversation = new Conversation(openId, template: null, topic: null, now);
        var started = await writer.ExecuteSingleAsync(
            batch =>
            {
                var command = batch.Command(StartIfNoneOpenSql);
                command.Bind("@id", Statement.Key(database.Provider, conversation.Id));
                command.Bind("@openId", openId);
                command.Bind("@now", now.ToUnixTimeMilliseconds());
                return command.ExecuteNonQuery();
            },
            cancellationToken);
        return started == 1 ? conversation : await FindOpenAsync(openId, cancellationToken) ?? conversation;
    }

    public async Task<Conversation> StartAsync(string openId, Template? template, string? topic, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Conversations
            .Where(c => c.OpenId == openId && c.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.EndedAt, now), cancellationToken);
        var conversation = new Conversation(openId, template, topic, now);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return conversation;
    }

    public Task<IReadOnlyList<Turn>> RecentTurnsAsync(Guid conversationId, int count, CancellationToken cancellationToken) =>
        reads.ReadAsync<IReadOnlyList<Turn>>(
            connection =>
            {
                var command = connection.Command(LatestTurnsSql);
                command.Bind("@conversationId", Statement.Key(database.Provider, conversationId));
                command.Bind("@count", count);
                var newestFirst = new List<Turn>(count);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    newestFirst.Add(Turn.Restore(
                        reader.GetInt64(0),
                        conversationId,
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.GetString(4),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                        reader.IsDBNull(7) ? null : reader.GetInt64(7),
                        reader.GetBoolean(8)));
                }

                newestFirst.Reverse();
                return newestFirst;
            },
            cancellationToken);

    /// <summary>One statement; the unique message key makes a second turn of the same message a no-op.</summary>
    public async Task<bool> AddTurnAsync(Turn turn, CancellationToken cancellationToken)
    {
        var inserted = await writer.ExecuteSingleAsync(
            batch =>
            {
                var command = batch.Command(AddTurnSql);
                command.Bind("@conversationId", Statement.Key(database.Provider, turn.ConversationId));
                command.Bind("@openId", turn.OpenId);
                command.Bind("@messageKey", turn.MessageKey);
                command.Bind("@question", turn.Question);
                command.Bind("@answer", turn.Answer);
                command.Bind("@askedAt", turn.AskedAt.ToUnixTimeMilliseconds());
                command.Bind("@answeredAt", turn.AnsweredAt.ToUnixTimeMilliseconds());
                command.Bind("@pictureId", (object?)turn.PictureId ?? DBNull.Value);
                command.Bind("@drawn", turn.Drawn);
                command.Bind("@promptTokens", turn.PromptTokens);
                command.Bind("@completionTokens", turn.CompletionTokens);
                command.Bind("@tokensEstimated", turn.TokensEstimated);
                command.BindText("@model", turn.Model);
                return command.ExecuteNonQuery();
            },
            cancellationToken);
        return inserted == 1;
    }

    public async Task<IReadOnlyList<Turn>> HistoryAsync(string openId, int skip, int take, CancellationToken cancellationToken, string? search = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Turns(db, openId, search)
            .OrderByDescending(t => t.Id)
            .Skip(skip)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    public async Task<int> CountTurnsAsync(string openId, CancellationToken cancellationToken, string? search = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Turns(db, openId, search).CountAsync(cancellationToken);
    }

    /// <summary>A follower's turns, those whose question contains <paramref name="search"/> when given (case as typed: Chinese has none).</summary>
    private static IQueryable<Turn> Turns(AppDbContext db, string openId, string? search)
    {
        var turns = db.Turns.AsNoTracking().Where(t => t.OpenId == openId);
        return string.IsNullOrWhiteSpace(search) ? turns : turns.Where(t => t.Question.Contains(search.Trim()));
    }

    public async Task<int> DeleteAllAsync(string openId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var turns = await db.Turns.Where(t => t.OpenId == openId).ExecuteDeleteAsync(cancellationToken);
        await db.Pictures.Where(p => p.OpenId == openId).ExecuteDeleteAsync(cancellationToken);
        await db.Conversations.Where(c => c.OpenId == openId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return turns;
    }

    private Task<Conversation?> FindOpenAsync(string openId, CancellationToken cancellationToken) =>
        reads.ReadAsync(
            connection =>
            {
                var command = connection.Command(OpenConversationSql);
                command.Bind("@openId", openId);
                using var reader = command.ExecuteReader();
                return reader.Read()
                    ? Conversation.Restore(
                        Statement.ReadGuid(reader, 0),
                        openId,
                        reader.IsDBNull(1) ? null : reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                        endedAt: null)
                    : null;
            },
            cancellationToken);
}
