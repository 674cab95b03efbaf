using WeChatGpt.Domain.Conversations;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Conversations.Continue;

public abstract record ContinueOutcome
{
    /// <summary>
    /// The text to send. When <see cref="Continuation"/> is set it is the continuation after the take, and
    /// <see cref="Before"/> the one before it (to put back if the text does not become the reply).
    /// </summary>
    public sealed record Part(string Text, Continuation? Continuation = null, Continuation? Before = null) : ContinueOutcome;

    /// <summary>The answer to continue is still being generated (by the work of <see cref="Source"/>).</summary>
    public sealed record Generating(MessageKey Source) : ContinueOutcome;
}
