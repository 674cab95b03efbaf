using Microsoft.EntityFrameworkCore;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// Continuations in the database. Writes are the same single statements a settlement keeps (<see cref="Keeps"/>),
/// through the group-commit writer; reads take a short-lived context.
/// </summary>
internal sealed class ContinuationStore(IDbContextFactory<AppDbContext> contexts, IStatementWriter writer, IStatementReader reads) : IContinuationStore
{
    /// <summary>Asked with every answer (the "an earlier answer waits" note): hand-written, prepared on the read pool.</summary>
    private static readonly string AnyOpenSql = $"""
        SELECT EXISTS (SELECT 1 FROM "Continuations"
        WHERE "OpenId" = @openId AND (@except IS NULL OR "SourceKey" <> @except)
          AND ("State" = {(int)ContinuationState.Generating}
               OR ("State" = {(int)ContinuationState.Ready} AND ("RemainingText" <> '' OR "Failed" OR "PictureMediaId" IS NOT NULL))))
        """;

    public Task EnsureGeneratingAsync(string openId, string sourceKey, string question, DateTimeOffset now, CancellationToken cancellationToken) =>
        KeepAsync(new Keep.Generating(openId, sourceKey, question), now, cancellationToken);

    public Task SetRemainderAsync(string openId, string sourceKey, string question, string remainder, DateTimeOffset now, CancellationToken cancellationToken) =>
        KeepAsync(new Keep.Rest(openId, sourceKey, question, remainder), now, cancellationToken);

    public Task KeepPictureAsync(string openId, string sourceKey, string question, string mediaId, DateTimeOffset now, CancellationToken cancellationToken) =>
        KeepAsync(new Keep.Picture(openId, sourceKey, question, mediaId), now, cancellationToken);

    public Task FailAsync(string sourceKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        KeepAsync(new Keep.Failed(sourceKey), now, cancellationToken);

    public async Task<Continuation?> FindLatestOpenAsync(string openId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Continuations
            .Where(c => c.OpenId == openId
                && (c.State == ContinuationState.Generating
                    || (c.State == ContinuationState.Ready && (c.RemainingText != string.Empty || c.Failed || c.PictureMediaId != null))))
            .AsNoTracking()
            .OrderByDescending(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<bool> HasOpenAsync(string openId, string? exceptSourceKey, CancellationToken cancellationToken) =>
        reads.ReadAsync(
            connection =>
            {
                var command = connection.Command(AnyOpenSql);
                command.Bind("@openId", openId);
                command.BindText("@except", exceptSourceKey);
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
            },
            cancellationToken);

    public Task<bool> TakeAsync(ContinuationTake take, CancellationToken cancellationToken) =>
        writer.ExecuteSingleAsync(batch => Keeps.Take(batch.Command, take), cancellationToken);

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

    private Task<bool> KeepAsync(Keep keep, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.ExecuteSingleAsync(
            batch =>
            {
                Keeps.Apply(batch.Command, keep, now);
                return true;
            },
            cancellationToken);
}
