using System.Runtime.CompilerServices;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.Infrastructure.Conversations;

/// <summary>
/// STUB, not a model: echoes the follower's last message. It stands in until the OpenAI-compatible
/// client lands, so that the webhook can be tried end to end.
/// </summary>
internal sealed class StubEchoChatModel : IChatModel
{
    public async IAsyncEnumerable<string> StreamAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var question = prompt.Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Content ?? string.Empty;
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return "（占位回答，尚未接入模型）你说：";
        yield return question;
    }
}
