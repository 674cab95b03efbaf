using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Admin;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Infrastructure.Persistence;

internal sealed class AdminReadStore(IDbContextFactory<AppDbContext> contexts) : IAdminReadStore
{
    /// <summary>Latencies read for one day at most: the percentile of a larger day is taken over its latest turns.</summary>
    private const int MaxLatencySamples = 100_000;

    public async Task<MessageFigures> FiguresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Deliveries.AsNoTracking()
            .Where(d => d.FirstSeenAt >= from && d.FirstSeenAt < to)
            .GroupBy(d => new { IsEvent = d.Kind.StartsWith("event:"), d.Outcome })
            .Select(g => new { g.Key.IsEvent, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(cancellationToken);

        int Count(ReplyOutcome outcome) => rows.Where(r => r.Outcome == outcome).Sum(r => r.Count);
        return new MessageFigures(
            Received: rows.Where(r => !r.IsEvent).Sum(r => r.Count),
            Events: rows.Where(r => r.IsEvent).Sum(r => r.Count),
            Answered: Count(ReplyOutcome.Answered),
            Partial: Count(ReplyOutcome.Partial),
            Continued: Count(ReplyOutcome.Continued),
            Deferred: Count(ReplyOutcome.Deferred),
            Canned: Count(ReplyOutcome.Canned),
            Throttled: Count(ReplyOutcome.Throttled),
            ModelErrors: Count(ReplyOutcome.Failed),
            Interrupted: Count(ReplyOutcome.Interrupted),
            Moderated: Count(ReplyOutcome.Moderated));
    }

    /// <summary>The message keys of turns asked through the consumer API (<see cref="Domain.Messaging.MessageKey.ForApi"/>).</summary>
    private const string ApiKeyPrefix = "a:";

    public async Task<(int In, int Out)> PicturesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Pictures.AsNoTracking()
            .Where(p => p.CreatedAt >= from && p.CreatedAt < to)
            .GroupBy(p => p.Direction)
            .Select(g => new { Direction = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return (rows.Where(r => r.Direction == Domain.Pictures.PictureDirection.In).Sum(r => r.Count), rows.Where(r => r.Direction == Domain.Pictures.PictureDirection.Out).Sum(r => r.Count));
    }

    public async Task<IReadOnlyList<long>> ModelLatenciesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var turns = await db.Turns.AsNoTracking()
            .Where(t => t.AskedAt >= from && t.AskedAt < to)
            .OrderByDescending(t => t.AskedAt)
            .Take(MaxLatencySamples)
            .Select(t => new { t.AskedAt, t.AnsweredAt })
            .ToListAsync(cancellationToken);
        return turns.Select(t => Math.Max(0, (long)(t.AnsweredAt - t.AskedAt).TotalMilliseconds)).ToList();
    }

    public async Task<(int Total, int TestFollowers, IReadOnlyList<FollowerSummary> Items)> FollowersAsync(string? search, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var followers = db.Followers.AsNoTracking();
        if (search is not null)
        {
            followers = followers.Where(f => f.OpenId.StartsWith(search));
        }

        var total = await followers.CountAsync(cancellationToken);
        var tests = await followers.CountAsync(f => db.Turns.Any(t => t.OpenId == f.OpenId) && !db.Turns.Any(t => t.OpenId == f.OpenId && !t.MessageKey.StartsWith(ApiKeyPrefix)) && !db.Deliveries.Any(d => d.OpenId == f.OpenId), cancellationToken);
        var items = await followers
            .OrderByDescending(f => f.LastActiveAt)
            .ThenBy(f => f.OpenId)
            .Skip(skip)
            .Take(take)
            .Select(f => new FollowerSummary(
                f.OpenId, f.FirstSeenAt, f.LastActiveAt, f.IsSubscribed, f.VoiceReplies, db.Turns.Count(t => t.OpenId == f.OpenId),
                db.Turns.Any(t => t.OpenId == f.OpenId) && !db.Turns.Any(t => t.OpenId == f.OpenId && !t.MessageKey.StartsWith(ApiKeyPrefix)) && !db.Deliveries.Any(d => d.OpenId == f.OpenId)))
            .ToListAsync(cancellationToken);
        return (total, tests, items);
    }

    public async Task<FollowerSummary?> FollowerAsync(string openId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Followers.AsNoTracking()
            .Where(f => f.OpenId == openId)
            .Select(f => new FollowerSummary(
                f.OpenId, f.FirstSeenAt, f.LastActiveAt, f.IsSubscribed, f.VoiceReplies, db.Turns.Count(t => t.OpenId == f.OpenId),
                db.Turns.Any(t => t.OpenId == f.OpenId) && !db.Turns.Any(t => t.OpenId == f.OpenId && !t.MessageKey.StartsWith(ApiKeyPrefix)) && !db.Deliveries.Any(d => d.OpenId == f.OpenId)))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
