using System.Runtime.CompilerServices;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.Infrastructure.Conversations;

/// <summary>Records each model call's time to first token, duration and result.</summary>
internal sealed class MeteredChatModel(IChatModel inner, WeChatGptMetrics metrics, TimeProvider clock) : IChatModel
{
    public async IAsyncEnumerable<ChatDelta> StreamAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var first = true;
        // Left as is when the caller stops reading early.
        var result = "abandoned";
        try
        {
            await using var stream = inner.StreamAsync(prompt, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                bool more;
                try
                {
                    more = await stream.MoveNextAsync();
                }
                catch (OperationCanceledException)
                {
                    result = "cancelled";
                    throw;
                }
                catch
                {
                    result = "error";
                    throw;
                }

                if (!more)
                {
                    result = "ok";
                    yield break;
                }

                if (first)
                {
                    first = false;
                    metrics.ModelFirstToken(clock.GetElapsedTime(started));
                }

                yield return stream.Current;
            }
        }
        finally
        {
            metrics.ModelCall(clock.GetElapsedTime(started), result);
        }
    }
}
