using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Followers;
using WeChatGpt.Domain.Followers;

namespace WeChatGpt.Infrastructure.Persistence;

internal sealed class FollowerStore(AppDbContext db) : IFollowerStore
{
    public Task<Follower?> FindAsync(string openId, CancellationToken cancellationToken) =>
        db.Followers.AsNoTracking().FirstOrDefaultAsync(f => f.OpenId == openId, cancellationToken);

    public Task<Follower> TouchAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync(openId, now, f => f.Touch(now), cancellationToken);

    public Task SubscribedAsync(string openId, string? scene, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync(openId, now, f => f.Subscribe(now, scene), cancellationToken);

    public Task UnsubscribedAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync(openId, now, f => f.Unsubscribe(now), cancellationToken);

    public Task SetVoiceRepliesAsync(string openId, bool enabled, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync(openId, now, f => f.SetVoiceReplies(enabled), cancellationToken);

    public Task ServiceMessageSentAsync(string openId, CancellationToken cancellationToken) =>
        db.Followers
            .Where(f => f.OpenId == openId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.ServiceMessagesSent, f => f.ServiceMessagesSent + 1), cancellationToken);

    private async Task<Follower> UpsertAsync(string openId, DateTimeOffset now, Action<Follower> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
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
                return follower;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another request created the follower at the same moment: load theirs and apply the change again.
                db.ChangeTracker.Clear();
            }
        }
    }
}
