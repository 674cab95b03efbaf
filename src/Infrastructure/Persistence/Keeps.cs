using System.Data.Common;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// What a settlement keeps for "继续", as single statements (the same SQL on SQLite and PostgreSQL): an
/// upsert of the exact rest, an insert-if-absent of a generating continuation, a failure mark, a push, and the
/// conditional take of a part. They run inside the transaction of the reply they belong to.
/// </summary>
internal static class Keeps
{
    private const string RestSql = """
        INSERT INTO "Continuations" ("OpenId", "SourceKey", "QuestionPreview", "State", "RemainingText", "PartsTaken", "Failed", "CreatedAt", "UpdatedAt")
        VALUES (@openId, @sourceKey, @preview, @ready, @text, 0, FALSE, @now, @now)
        ON CONFLICT ("SourceKey") DO UPDATE SET "RemainingText" = excluded."RemainingText", "State" = excluded."State", "UpdatedAt" = excluded."UpdatedAt",
            "QuestionPreview" = CASE WHEN "Continuations"."QuestionPreview" = '' THEN excluded."QuestionPreview" ELSE "Continuations"."QuestionPreview" END
        """;

    // An empty rest creates nothing (most answers fit in one message): it only closes a continuation that exists.
    private const string NothingLeftSql = """
        UPDATE "Continuations" SET "RemainingText" = '', "State" = @done, "UpdatedAt" = @now WHERE "SourceKey" = @sourceKey
        """;

    private const string PictureSql = """
        INSERT INTO "Continuations" ("OpenId", "SourceKey", "QuestionPreview", "State", "RemainingText", "PartsTaken", "Failed", "PictureMediaId", "CreatedAt", "UpdatedAt")
        VALUES (@openId, @sourceKey, @preview, @ready, '', 0, FALSE, @mediaId, @now, @now)
        ON CONFLICT ("SourceKey") DO UPDATE SET "PictureMediaId" = excluded."PictureMediaId", "RemainingText" = '', "State" = excluded."State", "UpdatedAt" = excluded."UpdatedAt",
            "QuestionPreview" = CASE WHEN "Continuations"."QuestionPreview" = '' THEN excluded."QuestionPreview" ELSE "Continuations"."QuestionPreview" END
        """;

    private const string GeneratingSql = """
        INSERT INTO "Continuations" ("OpenId", "SourceKey", "QuestionPreview", "State", "RemainingText", "PartsTaken", "Failed", "CreatedAt", "UpdatedAt")
        VALUES (@openId, @sourceKey, @preview, @generating, '', 0, FALSE, @now, @now)
        ON CONFLICT ("SourceKey") DO UPDATE SET
            "QuestionPreview" = CASE WHEN "Continuations"."QuestionPreview" = '' THEN excluded."QuestionPreview" ELSE "Continuations"."QuestionPreview" END
        """;

    private const string FailedSql = """
        UPDATE "Continuations" SET "Failed" = TRUE, "RemainingText" = '', "State" = @ready, "UpdatedAt" = @now WHERE "SourceKey" = @sourceKey
        """;

    private const string PushSql = """
        INSERT INTO "Pushes" ("Key", "OpenId", "Question", "Text", "PictureMediaId", "PartsSent", "Attempts", "Done", "CreatedAt", "UpdatedAt")
        VALUES (@key, @openId, @question, @text, @pictureMediaId, 0, 0, FALSE, @now, @now)
        ON CONFLICT ("Key") DO NOTHING
        """;

    private const string TakeSql = """
        UPDATE "Continuations" SET "PartsTaken" = @partsTaken, "LastTakenBy" = @takenBy, "LastPart" = @part, "RemainingText" = @rest, "State" = @state, "UpdatedAt" = @now
        WHERE "Id" = @id AND "PartsTaken" = @expected
        """;

    public static void Apply(Func<string, DbCommand> command, Keep keep, DateTimeOffset at)
    {
        var now = at.ToUnixTimeMilliseconds();
        DbCommand statement;
        switch (keep)
        {
            case Keep.Rest rest when rest.Text.Trim().Length == 0:
                statement = command(NothingLeftSql);
                statement.Bind("@done", (int)ContinuationState.Done);
                statement.Bind("@sourceKey", rest.SourceKey);
                break;
            case Keep.Rest rest:
                statement = command(RestSql);
                statement.Bind("@openId", rest.OpenId);
                statement.Bind("@sourceKey", rest.SourceKey);
                statement.Bind("@preview", Continuation.Preview(rest.Question));
                statement.Bind("@ready", (int)ContinuationState.Ready);
                statement.Bind("@text", rest.Text);
                break;
            case Keep.Picture picture:
                statement = command(PictureSql);
                statement.Bind("@openId", picture.OpenId);
                statement.Bind("@sourceKey", picture.SourceKey);
                statement.Bind("@preview", Continuation.Preview(picture.Question));
                statement.Bind("@ready", (int)ContinuationState.Ready);
                statement.Bind("@mediaId", picture.MediaId);
                break;
            case Keep.Generating generating:
                statement = command(GeneratingSql);
                statement.Bind("@openId", generating.OpenId);
                statement.Bind("@sourceKey", generating.SourceKey);
                statement.Bind("@preview", Continuation.Preview(generating.Question));
                statement.Bind("@generating", (int)ContinuationState.Generating);
                break;
            case Keep.Failed failed:
                statement = command(FailedSql);
                statement.Bind("@ready", (int)ContinuationState.Ready);
                statement.Bind("@sourceKey", failed.SourceKey);
                break;
            case Keep.Push push:
                statement = command(PushSql);
                statement.Bind("@key", push.Answer.Key);
                statement.Bind("@openId", push.Answer.OpenId);
                statement.Bind("@question", push.Answer.Question);
                statement.Bind("@text", push.Answer.Text);
                statement.Bind("@pictureMediaId", (object?)push.Answer.PictureMediaId ?? DBNull.Value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(keep), keep, "Unknown keep.");
        }

        statement.Bind("@now", now);
        statement.ExecuteNonQuery();
    }

    /// <returns>False when another take came first (nothing was changed).</returns>
    public static bool Take(Func<string, DbCommand> command, ContinuationTake take)
    {
        var after = take.After;
        var statement = command(TakeSql);
        statement.Bind("@partsTaken", after.PartsTaken);
        statement.Bind("@takenBy", (object?)after.LastTakenBy ?? DBNull.Value);
        statement.Bind("@part", (object?)after.LastPart ?? DBNull.Value);
        statement.Bind("@rest", after.RemainingText);
        statement.Bind("@state", (int)after.State);
        statement.Bind("@now", after.UpdatedAt.ToUnixTimeMilliseconds());
        statement.Bind("@id", after.Id);
        statement.Bind("@expected", take.ExpectedPartsTaken);
        return statement.ExecuteNonQuery() == 1;
    }
}
