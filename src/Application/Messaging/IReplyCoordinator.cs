using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Which work belongs to which message key, the text an answer has streamed so far and the parts of it
/// already handed out. The in-process implementation serves one instance; nothing outside this port
/// assumes one process (replies themselves are fixed in the delivery ledger).
/// </summary>
public interface IReplyCoordinator
{
    /// <summary>Registers work for a key; false if this key's work is already registered.</summary>
    bool TryBegin(MessageKey key);

    /// <summary>The delivery that registered the key's work has recorded itself in the delivery ledger.</summary>
    void Recorded(MessageKey key);

    /// <summary>
    /// Completes when the delivery that registered the key's work has recorded itself in the ledger (or the
    /// work has ended; at once if none is registered). Another delivery of the key waits for this before it
    /// records itself, so that when the work runs here its delivery is the ledger's first.
    /// </summary>
    Task WaitForRecordedAsync(MessageKey key, CancellationToken cancellationToken);

    /// <summary>Whether work for the key is registered here and not done.</summary>
    bool IsActive(MessageKey key);

    /// <summary>The work of <paramref name="key"/> is done (its reply fixed and its rest stored).</summary>
    void End(MessageKey key);

    /// <summary>Completes when the work of the key has ended (at once if it is not active).</summary>
    Task WaitForEndAsync(MessageKey key, CancellationToken cancellationToken);

    /// <summary>Opens the answer stream of a question key.</summary>
    void OpenStream(MessageKey key);

    /// <summary>Appends streamed raw text.</summary>
    void Append(MessageKey key, string delta);

    /// <summary>The model started over (a retry on another key): the stream's text is discarded.</summary>
    void Restart(MessageKey key);

    /// <summary>Whether the key's answer stream is open here.</summary>
    bool IsStreaming(MessageKey key);

    /// <summary>Says that <paramref name="key"/>'s partial text comes from <paramref name="streamKey"/>'s stream ("继续" of a running answer).</summary>
    void Follow(MessageKey key, MessageKey streamKey);

    /// <summary>The stream a key's partial text comes from: its own, or the one it follows.</summary>
    MessageKey StreamOf(MessageKey key);

    /// <summary>
    /// Atomically hands out the text streamed since the previous cut, as much as <paramref name="choose"/>
    /// takes of it. Null when the stream is not running here (finished, or never opened). Idempotent per
    /// <paramref name="requester"/>: asking again returns the same cut.
    /// </summary>
    StreamCut? TryCut(MessageKey streamKey, MessageKey requester, Func<string, int> choose);

    /// <summary>Closes a stream: no more cuts. Says how much raw text was handed out as partials.</summary>
    StreamClosed CloseStream(MessageKey key);

    /// <summary>The reply to give at the last delivery if the intended one (a voice) is not ready by then.</summary>
    void SetFallback(MessageKey key, Reply reply);

    Reply? FallbackOf(MessageKey key);

    /// <summary>Wakes deliveries waiting for this key's reply (in this process).</summary>
    void ReplyFixed(MessageKey key, Reply reply);

    /// <summary>
    /// Completes with the key's reply when it is fixed in this process, or null at <paramref name="until"/>.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires (WeChat hung up).
    /// </summary>
    Task<Reply?> WaitForReplyAsync(MessageKey key, DateTimeOffset until, CancellationToken cancellationToken);
}

/// <param name="Delivered">Raw characters of the final text handed out as partials (0: none since the model last started over).</param>
/// <param name="Text">The raw text streamed until the close.</param>
public sealed record StreamClosed(int Delivered, string Text);

/// <param name="Text">Raw text handed out by this cut (may be empty: nothing new yet).</param>
/// <param name="Start">Raw offset where the cut starts.</param>
public sealed record StreamCut(string Text, int Start);
