using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Infrastructure.Persistence;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>
/// Answers in flight shared through PostgreSQL. Every <see cref="Interval"/> this instance writes what has streamed
/// of its answers — those old enough that a redelivery may come to another instance — in one statement (an upsert of
/// all that changed, into an unlogged table: the text is worth keeping only while its answer is in flight). A
/// delivery elsewhere takes its cut with a conditional update (once per message, on the text of one start of the
/// model); the owner, finishing, deletes its row and learns what was cut in the same statement, so that the two
/// never overlap: a cut after the delete finds nothing and waits for the settled reply instead.
/// </summary>
internal sealed class PostgresAnswerStreams(
    InProcessAnswers answers,
    IStatementWriter writer,
    IStatementReader reader,
    IProcessLife life,
    IOptionsMonitor<WeChatOptions> weChat,
    TimeProvider clock,
    ILogger<PostgresAnswerStreams> logger) : BackgroundService, IAnswerStreams
{
    /// <summary>How often what has streamed is written: a cut elsewhere misses at most this much of the newest text.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>A write of the shared texts that takes longer is given up (and tried again next time, in full).</summary>
    private static readonly TimeSpan WriteLimit = TimeSpan.FromSeconds(2);

    private const string PublishSql = """
        INSERT INTO "AnswerStreams" ("Key", "OpenId", "Question", "Owner", "Generation", "Text", "UpdatedAt")
        SELECT s.k, s.o, s.q, @owner, s.g, s.t, @now FROM unnest(@keys, @openIds, @questions, @generations, @texts) AS s(k, o, q, g, t)
        ON CONFLICT ("Key") DO UPDATE SET "Question" = excluded."Question", "Generation" = excluded."Generation", "Text" = excluded."Text", "UpdatedAt" = excluded."UpdatedAt"
        """;

    private const string ReadSql = """SELECT "Generation", "Text", "OpenId", "Question", "Cut", "CutGeneration" FROM "AnswerStreams" WHERE "Key" = @key""";

    private const string CutSql = """
        UPDATE "AnswerStreams" SET "Cut" = @cut, "CutGeneration" = "Generation"
        WHERE "Key" = @key AND "Generation" = @generation AND "Cut" IS NULL
        """;

    private const string CloseSql = """DELETE FROM "AnswerStreams" WHERE "Key" = @key RETURNING "Cut", "CutGeneration", "Text", "Generation", "OpenId", "Question" """;

    private const string ForgetSql = """DELETE FROM "AnswerStreams" WHERE "Key" = ANY(@keys) AND "Owner" = @owner""";

    private const string PruneSql = """DELETE FROM "AnswerStreams" WHERE "UpdatedAt" < @before""";

    /// <summary>What was last written of each answer (a generation of -1: a write whose outcome is unknown).</summary>
    private readonly ConcurrentDictionary<MessageKey, StreamedText> _shared = new();

    /// <summary>Answers being closed: not written again.</summary>
    private readonly ConcurrentDictionary<MessageKey, byte> _closing = new();

    /// <summary>Held while a write runs, so that closing waits for one that may carry its answer.</summary>
    private readonly SemaphoreSlim _writing = new(1, 1);

    private bool _failing;

    public bool Shared => true;

    public async Task<RemoteCut?> CutAsync(MessageKey key, Func<string, int> choose, CancellationToken cancellationToken)
    {
        var shared = await FindAsync(key, cancellationToken);
        if (shared is not { Cut: null, Streamed: var streamed })
        {
            return null;
        }

        var take = Math.Clamp(choose(streamed.Text), 0, streamed.Text.Length);
        var won = await writer.ExecuteSingleAsync(
            batch => batch.Command(CutSql).Bind("@key", key.Value).Bind("@generation", streamed.Generation).Bind("@cut", take).ExecuteNonQuery() == 1,
            cancellationToken);
        return won ? new RemoteCut(streamed.Generation, take, streamed.Text[..take], streamed.OpenId, streamed.Question) : null;
    }

    public async Task<RemoteCut?> CloseAsync(Answer answer, CancellationToken cancellationToken)
    {
        _closing[answer.Key] = 0;
        try
        {
            // A write that may carry this answer lands before its row goes.
            await _writing.WaitAsync(cancellationToken);
            _writing.Release();
            if (!_shared.TryRemove(answer.Key, out _))
            {
                // Never shared: no other instance can have cut from it.
                return null;
            }

            return await writer.ExecuteSingleAsync(
                batch =>
                {
                    using var row = batch.Command(CloseSql).Bind("@key", answer.Key.Value).ExecuteReader();
                    if (!row.Read() || row.IsDBNull(0))
                    {
                        return null;
                    }

                    var cut = row.GetInt32(0);
                    var generation = row.GetInt32(1);
                    var text = row.GetString(2);
                    var cutText = generation == row.GetInt32(3) && cut <= text.Length ? text[..cut] : string.Empty;
                    return new RemoteCut(generation, cut, cutText, row.GetString(4), row.GetString(5));
                },
                cancellationToken);
        }
        finally
        {
            _closing.TryRemove(answer.Key, out _);
        }
    }

    public Task<SharedAnswer?> FindAsync(MessageKey key, CancellationToken cancellationToken) =>
        reader.ReadAsync(
            session =>
            {
                using var row = session.Command(ReadSql).Bind("@key", key.Value).ExecuteReader();
                if (!row.Read())
                {
                    return null;
                }

                var streamed = new StreamedText(key, row.GetString(2), row.GetString(3), row.GetInt32(0), row.GetString(1));
                int? cut = !row.IsDBNull(4) && row.GetInt32(5) == streamed.Generation ? row.GetInt32(4) : null;
                return new SharedAnswer(streamed, cut);
            },
            cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        writer.ExecuteSingleAsync(batch => batch.Command(PruneSql).Bind("@before", before.ToUnixTimeMilliseconds()).ExecuteNonQuery(), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ShareAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the answers still running finish (and close) on their own.
        }
    }

    /// <summary>Writes what changed of the answers in flight here, and forgets the rows of answers that ended unclosed.</summary>
    internal async Task ShareAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var shareAfter = weChat.CurrentValue.ReplyDeadline / 2;
            var changed = new List<StreamedText>();
            foreach (var answer in answers.Own())
            {
                if (now - answer.StartedAt >= shareAfter && !_closing.ContainsKey(answer.Key)
                    && answer.Progress(_shared.GetValueOrDefault(answer.Key)) is { } progress)
                {
                    changed.Add(progress);
                }
            }

            var ended = _shared.Keys.Where(k => answers.Find(k) is not { } a || a.Key != k || a.Ended.IsCompleted).ToArray();
            if (changed.Count == 0 && ended.Length == 0)
            {
                return;
            }

            foreach (var text in changed)
            {
                // Until the write is known to have landed, its row may or may not be there.
                _shared[text.Key] = text with { Generation = -1 };
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(WriteLimit);
            await writer.ExecuteAsync(
                batch =>
                {
                    if (changed.Count > 0)
                    {
                        batch.Command(PublishSql)
                            .Bind("@owner", life.Id)
                            .Bind("@now", now.ToUnixTimeMilliseconds())
                            .Bind("@keys", changed.Select(t => t.Key.Value).ToArray())
                            .Bind("@openIds", changed.Select(t => t.OpenId).ToArray())
                            .Bind("@questions", changed.Select(t => t.Question).ToArray())
                            .Bind("@generations", changed.Select(t => t.Generation).ToArray())
                            .Bind("@texts", changed.Select(t => t.Text).ToArray())
                            .ExecuteNonQuery();
                    }

                    if (ended.Length > 0)
                    {
                        batch.Command(ForgetSql).Bind("@keys", ended.Select(k => k.Value).ToArray()).Bind("@owner", life.Id).ExecuteNonQuery();
                    }

                    return 0;
                },
                limit.Token);
            foreach (var text in changed)
            {
                _shared.TryUpdate(text.Key, text, text with { Generation = -1 });
            }

            foreach (var key in ended)
            {
                _shared.TryRemove(key, out _);
            }

            if (_failing)
            {
                _failing = false;
                logger.LogInformation("Answers in flight are shared with the other instances again");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage is busy or gone: a delivery elsewhere finds older text (or none) and says "still thinking".
            if (!_failing)
            {
                _failing = true;
                logger.LogWarning("Answers in flight not shared with the other instances: {ErrorType}: {Error}", ex.GetType().Name, ex.Message);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    public override void Dispose()
    {
        _writing.Dispose();
        base.Dispose();
    }
}
