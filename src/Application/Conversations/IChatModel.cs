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

public sealed record ChatMessage(ChatRole Role, string Content)
{
    /// <summary>Pictures that go with a user message (as image content parts).</summary>
    public IReadOnlyList<ChatPicture> Pictures { get; init; } = [];
}

/// <summary>A picture sent to the model: its bytes and what they are (<c>image/jpeg</c>, …).</summary>
public sealed record ChatPicture(string ContentType, byte[] Content);

public sealed record ChatPrompt(IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>The model to ask instead of the configured one (a vision model when the prompt carries pictures).</summary>
    public string? Model { get; init; }

    public bool HasPictures => Messages.Any(m => m.Pictures.Count > 0);

    /// <summary>
    /// Whether the answer may still start over (nothing of it was handed out yet): a stream that broke off is
    /// then retried once; otherwise it fails as incomplete. Null: it may.
    /// </summary>
    public Func<bool>? CanStartOver { get; init; }
}

public readonly record struct ChatDelta(string Text, bool Restart = false)
{
    public static ChatDelta Restarted { get; } = new(string.Empty, Restart: true);

    /// <summary>The stream's last piece: the tokens of the call (as the endpoint counted them, else estimated).</summary>
    public ChatUsage? Usage { get; init; }
}

/// <summary>Tokens of one model call and the model asked; <paramref name="Estimated"/> when the endpoint sent no count.</summary>
public sealed record ChatUsage(int PromptTokens, int CompletionTokens, string Model, bool Estimated = false)
{
    /// <summary>The product's own estimate (<see cref="Text.TokenEstimate"/>) of a call the endpoint did not count.</summary>
    public static ChatUsage Estimate(ChatPrompt prompt, string answer, string model) =>
        new(
            prompt.Messages.Sum(m => Text.TokenEstimate.Of(m.Content) + (m.Pictures.Count * PromptBuilder.PictureTokens)),
            Text.TokenEstimate.Of(answer),
            model,
            Estimated: true);
}

/// <summary>The model could not answer. The message is safe to log: no keys, no prompt text.</summary>
public sealed class ChatModelException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The stream ended without finishing: what streamed is only the answer's beginning.</summary>
    public bool Incomplete { get; init; }

    /// <summary>The model refused the prompt's pictures (HTTP 400 about images): it does not take them.</summary>
    public bool PictureRefused { get; init; }

    /// <summary>What went wrong, for the owner's failure records.</summary>
    public ModelFailure Kind { get; init; } = ModelFailure.ServerError;

    /// <summary>The HTTP status of the failure, when there was one.</summary>
    public int? Status { get; init; }
}

/// <summary>How a model call failed (the owner's failure records name it <c>model-…</c>).</summary>
public enum ModelFailure
{
    Unauthorized,
    RateLimited,
    ServerError,
    Stalled,
    Incomplete,
}
