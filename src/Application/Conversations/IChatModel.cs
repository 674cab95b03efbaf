namespace WeChatGpt.Application.Conversations;

/// <summary>A chat-completion model, called with streaming so that partial text exists at any moment.</summary>
public interface IChatModel
{
    /// <summary>
    /// Streams the answer in pieces, in order. When the model had to be called again after pieces were
    /// already streamed (a stalled stream retried on another key), a <see cref="ChatDelta.Restart"/>
    /// delta says: discard what came before. Failures are <see cref="ChatModelException"/>.
    /// </summary>
    IAsyncEnumerable<ChatDelta> StreamAsync(ChatPrompt prompt, CancellationToken cancellationToken);
}

public enum ChatRole
{
    System,
    User,
    Assistant,
}

public sealed record ChatMessage(ChatRole Role, string Content);

public sealed record ChatPrompt(IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>
    /// Whether the answer may still start over (nothing of it was handed out yet): a stream that broke off is
    /// then retried once; otherwise it fails as incomplete. Null: it may.
    /// </summary>
    public Func<bool>? CanStartOver { get; init; }
}

public readonly record struct ChatDelta(string Text, bool Restart = false)
{
    public static ChatDelta Restarted { get; } = new(string.Empty, Restart: true);
}

/// <summary>The model could not answer. The message is safe to log: no keys, no prompt text.</summary>
public sealed class ChatModelException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The stream ended without finishing: what streamed is only the answer's beginning.</summary>
    public bool Incomplete { get; init; }
}
