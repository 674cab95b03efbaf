namespace WeChatGpt.Application.Conversations;

/// <summary>A chat-completion model, called with streaming so that partial text exists at any moment.</summary>
public interface IChatModel
{
    /// <summary>Streams the answer's text in pieces, in order.</summary>
    IAsyncEnumerable<string> StreamAsync(ChatPrompt prompt, CancellationToken cancellationToken);
}

public enum ChatRole
{
    System,
    User,
    Assistant,
}

public sealed record ChatMessage(ChatRole Role, string Content);

public sealed record ChatPrompt(IReadOnlyList<ChatMessage> Messages);
