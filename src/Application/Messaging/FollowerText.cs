using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Application.Moderation;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// What a follower may read of the model's words, in one place for every way they go out (the reply, a partial at
/// the last delivery, what waits for "继续", a customer-service push, the API's reply): Markdown made plain, then the
/// sensitive-word filter.
/// </summary>
public sealed class FollowerText(ContentFilter filter)
{
    /// <summary>The model's Markdown as the follower reads it.</summary>
    public string Of(string markdown) => filter.Answer(MarkdownText.ToPlain(markdown));

    /// <summary>How much of a text still being streamed may be handed out: never the beginning of a banned word.</summary>
    public int SafeLength(string streamed) => filter.SafeLength(streamed);
}
