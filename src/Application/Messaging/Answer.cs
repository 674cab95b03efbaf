using System.Text;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// One answer in flight: a question's work in this process, from its first delivery until its reply is settled
/// and what is left of it is kept for "继续". The model streams into it; a delivery that cannot wait longer cuts
/// what has streamed so far from it; finishing closes it and settles it in one step.
/// <para>
/// Stages: <b>streaming</b> (cuts hand out new text) → for a voice reply, <b>text ready</b> (the text version
/// is the fallback a last delivery gets while the voice is being made) → <b>closed</b> (the reply is being
/// settled: no more cuts; the reply it intends is known) → ended. Every transition happens under one lock,
/// so a cut and the finish never overlap: what was handed out is exactly what the finish keeps back.
/// </para>
/// </summary>
public sealed class Answer : IAnswerSink
{
    private readonly object _gate = new();
    private readonly StringBuilder _text = new();
    private readonly Dictionary<MessageKey, AnswerCut> _cuts = [];
    private readonly TaskCompletionSource<Reply> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<Answer> _onEnd;
    private AnswerStage _stage;
    private int _delivered;
    private int _generation;
    private AnswerFallback? _fallback;
    private Reply? _intended;
    private string _question;
    private int _deliveries = 1;
    private volatile bool _queued;
    private volatile bool _drawing;

    /// <param name="question">The question's text; empty for a voice not yet transcribed.</param>
    /// <param name="startedAt">When its first delivery came.</param>
    /// <param name="onEnd">Called once when the answer ends (the registry forgets it).</param>
    public Answer(MessageKey key, string openId, string question, DateTimeOffset startedAt, Action<Answer> onEnd)
    {
        Key = key;
        OpenId = openId;
        _question = question;
        StartedAt = startedAt;
        _onEnd = onEnd;
    }

    /// <summary>When the question's first delivery came.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Counts a redelivery the ledger could not record (storage busy): how many deliveries this makes.</summary>
    public int Redelivered() => Interlocked.Increment(ref _deliveries);

    /// <summary>The message the question came in.</summary>
    public MessageKey Key { get; }

    /// <summary>Waiting in the admission queue for a turn at the model (a crowd): nothing can stream yet.</summary>
    public bool Queued
    {
        get => _queued;
        internal set => _queued = value;
    }

    public string OpenId { get; }

    /// <summary>An image is being drawn: a last delivery says so (<c>Texts:Drawing</c>) instead of "still thinking".</summary>
    public bool Drawing
    {
        get => _drawing;
        internal set => _drawing = value;
    }

    public string Question
    {
        get
        {
            lock (_gate)
            {
                return _question;
            }
        }
    }

    /// <summary>Still streaming: a delivery may cut from it, and in customer-service mode defer to a push.</summary>
    public bool IsStreaming
    {
        get
        {
            lock (_gate)
            {
                return _stage == AnswerStage.Streaming;
            }
        }
    }

    public bool HandedOut
    {
        get
        {
            lock (_gate)
            {
                return _cuts.Count > 0;
            }
        }
    }

    /// <summary>Completes with the key's reply once the finish has settled it (the winner, which may be another).</summary>
    public Task<Reply> Settled => _settled.Task;

    /// <summary>The reply the finish is settling (null before it closed): what a delivery gives that cannot wait for the settle.</summary>
    public Reply? Intended
    {
        get
        {
            lock (_gate)
            {
                return _intended;
            }
        }
    }

    /// <summary>Completes when the answer's work is over (its reply settled, its rest kept).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Closed: finishing or ended; no more cuts, and it cannot finish again.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _stage == AnswerStage.Closed;
            }
        }
    }

    /// <summary>A voice's transcript became the question. Says whether a delivery already cut from the answer meanwhile.</summary>
    public bool Heard(string question)
    {
        lock (_gate)
        {
            _question = question;
            return _cuts.Count > 0;
        }
    }

    public void Append(string delta)
    {
        lock (_gate)
        {
            if (_stage == AnswerStage.Streaming)
            {
                _text.Append(delta);
            }
        }
    }

    /// <summary>The model started over (a retry on another key): what it streamed is discarded, and so is what was cut from it.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            if (_stage == AnswerStage.Streaming)
            {
                _text.Clear();
                _delivered = 0;
                _generation++;
            }
        }
    }

    /// <summary>
    /// What has streamed, for another instance's deliveries (<see cref="IAnswerStreams"/>): null when it is the same
    /// as <paramref name="published"/> (same start of the model, same length), when nothing has streamed and nothing
    /// was shared, or when the answer is past streaming.
    /// </summary>
    public StreamedText? Progress(StreamedText? published)
    {
        lock (_gate)
        {
            // Nothing streamed yet and nothing shared: a delivery elsewhere has nothing to cut (it says "still thinking").
            if (_stage == AnswerStage.Closed || (published is null && _text.Length == 0)
                || (published is not null && published.Generation == _generation && published.Text.Length == _text.Length))
            {
                return null;
            }

            return new StreamedText(Key, OpenId, _question, _generation, _text.ToString());
        }
    }

    /// <summary>
    /// What a delivery that cannot wait longer gets from the answer: the text streamed since the previous cut (as
    /// much of it as <paramref name="choose"/> takes), the text version of a voice still being made (only for the
    /// question's own message), or <see cref="AnswerCut.Finishing"/>. Idempotent per requester: the same message
    /// asking again gets the same cut.
    /// </summary>
    public AnswerCut Cut(MessageKey requester, Func<string, int> choose)
    {
        lock (_gate)
        {
            if (_cuts.TryGetValue(requester, out var again))
            {
                return again;
            }

            AnswerCut cut;
            switch (_stage)
            {
                case AnswerStage.Streaming:
                    var fresh = _text.ToString(_delivered, _text.Length - _delivered);
                    var take = Math.Clamp(choose(fresh), 0, fresh.Length);
                    _delivered += take;
                    cut = new AnswerCut.Partial(fresh[..take]);
                    break;
                case AnswerStage.TextReady when requester == Key:
                    cut = new AnswerCut.Fallback(_fallback!.Reply, _fallback.Rest);
                    break;
                default:
                    return AnswerCut.Finishing.Instance;
            }

            _cuts[requester] = cut;
            return cut;
        }
    }

    /// <summary>
    /// The text is complete; the reply will be a voice. Until it is ready, a last delivery of the question gets
    /// <paramref name="reply"/> (its text version) instead, with <paramref name="rest"/> kept for "继续".
    /// </summary>
    public void TextComplete(Reply reply, string rest)
    {
        lock (_gate)
        {
            if (_stage != AnswerStage.Streaming)
            {
                throw new InvalidOperationException("Only a streaming answer can complete its text.");
            }

            _fallback = new AnswerFallback(reply, rest);
            _stage = AnswerStage.TextReady;
        }
    }

    /// <summary>
    /// Closes the answer and settles it, in one step: <paramref name="settlement"/> builds the settlement from
    /// what was streamed and handed out at the moment of closing (no cut can come after), then
    /// <paramref name="settle"/> writes it. An answer finishes once.
    /// </summary>
    /// <param name="remote">
    /// What a delivery on another instance cut from the text this answer shared (<see cref="IAnswerStreams.CloseAsync"/>),
    /// taken before closing: the follower read it, so it counts as handed out.
    /// </param>
    public async Task<Settled> FinishAsync(Func<FinishedAnswer, Settlement> settlement, Func<Settlement, Task<Settled>> settle, RemoteCut? remote = null)
    {
        Settlement closing;
        lock (_gate)
        {
            if (_stage == AnswerStage.Closed)
            {
                throw new InvalidOperationException("An answer finishes once.");
            }

            _stage = AnswerStage.Closed;
            if (remote is not null && remote.Generation == _generation)
            {
                // What it cut was a beginning of this very text (the model has not started over since).
                _delivered = Math.Clamp(remote.Offset, _delivered, _text.Length);
            }

            closing = settlement(new FinishedAnswer(Key, OpenId, _question, _text.ToString(), _delivered, _fallback, WasCut: _cuts.Count > 0 || remote is not null, OwnCut: _cuts.GetValueOrDefault(Key)));
            _intended = closing.Reply;
        }

        try
        {
            var settled = await settle(closing);
            _settled.TrySetResult(settled.Winner);
            return settled;
        }
        catch (Exception ex)
        {
            _settled.TrySetException(ex);
            throw;
        }
    }

    /// <summary>The work is over: deliveries stop finding this answer, and whoever waits for its end goes on.</summary>
    public void End()
    {
        lock (_gate)
        {
            _stage = AnswerStage.Closed;
        }

        _settled.TrySetCanceled();
        if (_ended.TrySetResult())
        {
            _onEnd(this);
        }
    }

    private enum AnswerStage
    {
        Streaming,
        TextReady,
        Closed,
    }
}

/// <summary>What a delivery gets from an answer in flight (<see cref="Answer.Cut"/>).</summary>
public abstract record AnswerCut
{
    /// <summary>Raw text streamed since the previous cut (empty: nothing new yet).</summary>
    public sealed record Partial(string Text) : AnswerCut;

    /// <summary>The text version of a voice still being made, and what of it waits for "继续".</summary>
    public sealed record Fallback(Reply Reply, string Rest) : AnswerCut;

    /// <summary>The answer is being settled (or, for a "继续" holding it, is past streaming): its reply comes in a moment.</summary>
    public sealed record Finishing : AnswerCut
    {
        public static Finishing Instance { get; } = new();
    }
}

/// <param name="Reply">The text version of a voice reply.</param>
/// <param name="Rest">What of that text waits for "继续".</param>
public sealed record AnswerFallback(Reply Reply, string Rest);

/// <summary>An answer at the moment it closed: everything its settlement depends on.</summary>
/// <param name="Text">The raw text streamed (since the model last started over).</param>
/// <param name="Delivered">Raw characters of <paramref name="Text"/> already handed out by cuts.</param>
/// <param name="Fallback">The text version of a voice reply, when there is one.</param>
/// <param name="WasCut">A delivery handed out a cut (a partial, "still thinking" or the fallback): the follower saw that, not this reply.</param>
/// <param name="OwnCut">The cut handed to the question's own message, if any.</param>
public sealed record FinishedAnswer(MessageKey Key, string OpenId, string Question, string Text, int Delivered, AnswerFallback? Fallback, bool WasCut = false, AnswerCut? OwnCut = null)
{
    /// <summary>The raw text nobody has read yet.</summary>
    public string Unread => Text[Math.Min(Delivered, Text.Length)..];
}
