using WeChatGpt.Domain.Conversations;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Conversations.Continue;

public abstract record ContinueOutcome
{
    /// <summary>The text to send. When <see cref="Continuation"/> is set, commit the take once the text is the reply.</summary>
    public sealed record Part(string Text, Continuation? Continuation = null, int ExpectedPartsTaken = 0) : ContinueOutcome;

    /// <summary>The answer to continue is still being generated (by the work of <see cref="Source"/>).</summary>
    public sealed record Generating(MessageKey Source) : ContinueOutcome;
}
