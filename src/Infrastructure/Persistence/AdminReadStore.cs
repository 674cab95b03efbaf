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

    public async Task<IReadOnlyDictionary<string, TurnMarks>> TurnMarksAsync(IReadOnlyList<string> messageKeys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var replies = await db.Deliveries.AsNoTracking()
            .Where(d => messageKeys.Contains(d.Key))
            .Select(d => new { d.Key, d.Reply, d.Outcome })
            .ToListAsync(cancellationToken);
        var templates = await (
                from turn in db.Turns.AsNoTracking()
                where messageKeys.Contains(turn.MessageKey)
                join conversation in db.Conversations on turn.ConversationId equals conversation.Id
                join template in db.Templates on conversation.TemplateId equals template.Id
                select new { turn.MessageKey, template.Name })
            .ToListAsync(cancellationToken);
        return messageKeys.Distinct().ToDictionary(
            key => key,
            key =>
            {
                var reply = replies.FirstOrDefault(r => r.Key == key);
                return new TurnMarks(reply?.Reply is Domain.Messaging.Replies.VoiceReply, reply?.Outcome, templates.FirstOrDefault(t => t.MessageKey == key)?.Name);
            });
    }

    public async Task<IReadOnlyList<OtherReply>> OtherRepliesAsync(string openId, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Deliveries.AsNoTracking()
            .Where(d => d.OpenId == openId && (d.Outcome == Domain.Messaging.ReplyOutcome.Canned || d.Outcome == Domain.Messaging.ReplyOutcome.Continued))
            .OrderByDescending(d => d.FirstSeenAt)
            .Take(take)
            .Select(d => new { d.FirstSeenAt, d.Outcome, d.Reply })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new OtherReply(r.FirstSeenAt, r.Outcome, r.Reply switch
        {
            Domain.Messaging.Replies.TextReply text => text.Content,
            Domain.Messaging.Replies.ImageReply => "[image]",
            Domain.Messaging.Replies.VoiceReply => "[voice]",
            _ => string.Empty,
        })).ToList();
    }

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
        var tests = await Summaries(db, followers).CountAsync(s => s.IsTestFollower, cancellationToken);
        var items = await Summaries(db, followers.OrderByDescending(f => f.LastActiveAt).ThenBy(f => f.OpenId).Skip(skip).Take(take))
            .ToListAsync(cancellationToken);
        return (total, tests, items.Select(s => s.ToSummary()).ToList());
    }

    public async Task<FollowerSummary?> FollowerAsync(string openId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await Summaries(db, db.Followers.AsNoTracking().Where(f => f.OpenId == openId)).FirstOrDefaultAsync(cancellationToken);
        return found?.ToSummary();
    }

    /// <summary>
    /// Followers with their turn count and whether they are the consumer API's test followers: known only through the
    /// API (turns, all asked through it; no WeChat delivery).
    /// </summary>
    private static IQueryable<FollowerRow> Summaries(AppDbContext db, IQueryable<Domain.Followers.Follower> followers) =>
        followers.Select(f => new FollowerRow
        {
            OpenId = f.OpenId,
            FirstSeenAt = f.FirstSeenAt,
            LastActiveAt = f.LastActiveAt,
            IsSubscribed = f.IsSubscribed,
            VoiceReplies = f.VoiceReplies,
            TurnCount = db.Turns.Count(t => t.OpenId == f.OpenId),
            IsTestFollower = db.Turns.Any(t => t.OpenId == f.OpenId)
                && !db.Turns.Any(t => t.OpenId == f.OpenId && !t.MessageKey.StartsWith(Domain.Messaging.MessageKey.ApiPrefix))
                && !db.Deliveries.Any(d => d.OpenId == f.OpenId),
        });

    private sealed class FollowerRow
    {
        public string OpenId { get; init; } = string.Empty;

        public DateTimeOffset FirstSeenAt { get; init; }

        public DateTimeOffset LastActiveAt { get; init; }

        public bool IsSubscribed { get; init; }

        public bool VoiceReplies { get; init; }

        public int TurnCount { get; init; }

        public bool IsTestFollower { get; init; }

        public FollowerSummary ToSummary() => new(OpenId, FirstSeenAt, LastActiveAt, IsSubscribed, VoiceReplies, TurnCount, IsTestFollower);
    }
}
