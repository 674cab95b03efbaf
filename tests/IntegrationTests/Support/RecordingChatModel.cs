using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// A test double of our own model port, for foundation tests that only need to count model calls.
/// (The conversation tests use a fake OpenAI-compatible HTTP server instead.)
/// </summary>
public sealed class RecordingChatModel : IChatModel
{
    public ConcurrentQueue<ChatPrompt> Prompts { get; } = new();

    public TimeSpan Delay { get; set; }

    public async IAsyncEnumerable<string> StreamAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Prompts.Enqueue(prompt);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        yield return "答：";
        yield return prompt.Messages[^1].Content;
    }
}
