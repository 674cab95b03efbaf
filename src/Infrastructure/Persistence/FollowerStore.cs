using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Followers;
using WeChatGpt.Domain.Followers;

namespace WeChatGpt.Infrastructure.Persistence;

internal sealed class FollowerStore(IDbContextFactory<AppDbContext> contexts, IStatementWriter writer) : IFollowerStore
{
    private const string TouchSql = """
        INSERT INTO "Followers" ("OpenId", "FirstSeenAt", "LastActiveAt", "IsSubscribed", "VoiceReplies", "ServiceMessagesSent")
        VALUES (@openId, @now, @now, TRUE, FALSE, 0)
        ON CONFLICT ("OpenId") DO UPDATE SET "LastActiveAt" = excluded."LastActiveAt", "ServiceMessagesSent" = 0
        RETURNING "VoiceReplies"
        """;

    public async Task<Follower?> FindAsync(string openId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Followers.AsNoTracking().FirstOrDefaultAsync(f => f.OpenId == openId, cancellationToken);
    }

    /// <summary>One statement on the hot path: create the follower or mark them active (and reset the service window).</summary>
    public Task<FollowerSettings> TouchAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.ExecuteSingleAsync(
            batch =>
            {
                var command = batch.Command(TouchSql);
                command.Bind("@openId", openId);
                command.Bind("@now", now.ToUnixTimeMilliseconds());
                using var reader = command.ExecuteReader();
                reader.Read();
                return new FollowerSettings(VoiceReplies: reader.GetBoolean(0));
            },
            cancellationToken);

    public Task SubscribedAsync(string openId, string? scene, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync(openId, now, f => f.Subscribe(now, scene), cancellationToken);

    public Task UnsubscribedAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync(openId, now, f => f.Unsubscribe(now), cancellationToken);

    public Task SetVoiceRepliesAsync(string openId, bool enabled, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync(openId, now, f => f.SetVoiceReplies(enabled), cancellationToken);

    public async Task ServiceMessageSentAsync(string openId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Followers
            .Where(f => f.OpenId == openId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.ServiceMessagesSent, f => f.ServiceMessagesSent + 1), cancellationToken);
    }

    private async Task UpsertAsync(string openId, DateTimeOffset now, Action<Follower> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var follower = await db.Followers.FirstOrDefaultAsync(f => f.OpenId == openId, cancellationToken);
            if (follower is null)
            {
                follower = new Follower(openId, now);
                db.Followers.Add(follower);
            }

            change(follower);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another request created the follower at the same moment: load theirs and apply the change again.
            }
        }
    }
}
