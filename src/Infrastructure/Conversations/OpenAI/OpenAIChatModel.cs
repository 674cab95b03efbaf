using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.Infrastructure.Conversations.OpenAI;

/// <summary>
/// Any OpenAI-compatible chat endpoint, streaming (on the wire: <see cref="ChatCompletionStream"/>). Keys rotate: 401/403 disables a
/// key, 429 rests it, and the request moves on to the next key; a 5xx, a network error or a stalled stream
/// (no token for <see cref="OpenAIOptions.StallTimeout"/>) is retried once on the next key. Nothing else
/// retries: this class decides.
/// </summary>
internal sealed class OpenAIChatModel(
    ApiKeyPool keys,
    IHttpClientFactory httpClients,
    IOptionsMonitor<OpenAIOptions> options,
    TimeProvider clock,
    ILogger<OpenAIChatModel> logger) : IChatModel
{
    public const string HttpClientName = "openai";

    private int _answers;

    public async IAsyncEnumerable<ChatDelta> StreamAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        // Answers take the pools in turn (see ModelConnectionPools).
        var pool = (int)((uint)Interlocked.Increment(ref _answers) % (uint)ModelConnectionPools.Count(settings.MaxConnections));
        var client = httpClients.CreateClient(ModelConnectionPools.Name(pool));
        var keyCount = Math.Max(1, settings.ApiKeys.Length);
        var transientRetryUsed = false;
        var incompleteRetryUsed = false;
        var streamed = false;
        string? lastFailed = null;
        Failure? lastFailure = null;

        for (var attempt = 0; attempt < keyCount + 3; attempt++)
        {
            var key = keys.Acquire(avoid: lastFailed);
            if (key is null)
            {
                var wait = keys.UntilNextAvailable();
                if (wait is null || wait > settings.MaxWaitForKey)
                {
                    throw new ChatModelException("No OpenAI key is usable (all disabled or resting).")
                    {
                        Kind = wait is null ? ModelFailure.Unauthorized : ModelFailure.RateLimited,
                        Status = lastFailure?.Status is > 0 and var status ? status : null,
                    };
                }

                await Task.Delay(wait.Value, clock, cancellationToken);
                continue;
            }

            var model = prompt.Model ?? settings.Model;
            using var stall = new CancellationTokenSource(settings.StallTimeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
            var restartAnnounced = false;
            var finished = false;
            var done = false;
            ChatUsage? usage = null;
            var answer = new StringBuilder();
            Failure? failure;
            ChatCompletionStream? stream;
            using (var request = ChatCompletionStream.Request(settings.BaseUrl, key, model, prompt.Messages, settings))
            {
                (stream, failure) = await SendAsync(client, request, stall, linked.Token, cancellationToken);
            }

            using (stream)
            {
                while (stream is not null)
                {
                    var (more, chunk, error) = await MoveAsync(stream, stall, linked.Token, cancellationToken);
                    if (error is not null)
                    {
                        failure = error;
                        break;
                    }

                    if (chunk.ErrorStatus is { } status)
                    {
                        // A gateway's upstream failure reported in the stream (HTTP 200): as if it had come as the status.
                        failure = Classify(status) with { Reason = $"in-stream error, HTTP {status}", InStream = true };
                        break;
                    }

                    finished |= chunk.Finish;
                    done |= chunk.Done;
                    usage = chunk.Usage ?? usage;
                    if (!more)
                    {
                        // Complete only with a finish (finish_reason, or [DONE]).
                        if (finished || done)
                        {
                            keys.Succeeded(key);
                            // The stream's own count (stream_options.include_usage, which the request asks for), else an estimate.
                            yield return new ChatDelta(string.Empty)
                            {
                                Usage = usage is null ? ChatUsage.Estimate(prompt, answer.ToString(), model) : usage with { Model = model },
                            };
                            yield break;
                        }

                        failure = new Failure(FailureKind.Incomplete, 0, null, "no finish_reason and no [DONE]");
                        break;
                    }

                    stall.CancelAfter(settings.StallTimeout);
                    if (chunk.Text.Length == 0)
                    {
                        continue;
                    }

                    if (streamed && !restartAnnounced && attempt > 0)
                    {
                        // Text of a failed attempt was already streamed: the answer starts over.
                        yield return ChatDelta.Restarted;
                    }

                    restartAnnounced = true;
                    streamed = true;
                    answer.Append(chunk.Text);
                    yield return new ChatDelta(chunk.Text);
                }
            }

            failure ??= new Failure(FailureKind.Transient, 0, null, "no response");
            lastFailed = key;
            lastFailure = failure;
            if (failure.Kind is not (FailureKind.Unauthorized or FailureKind.RateLimited))
            {
                keys.Failed(key, failure.Status);
            }

            if (failure.InStream)
            {
                logger.LogWarning("OpenAI stream on key {Key} reported an error in the stream itself: {Reason}", ApiKeyPool.Mask(key), failure.Reason);
            }

            switch (failure.Kind)
            {
                case FailureKind.Unauthorized:
                    keys.Disable(key, failure.Status);
                    break;
                case FailureKind.RateLimited:
                    keys.Rest(key, failure.RetryAfter);
                    break;
                case FailureKind.Transient when !transientRetryUsed:
                    transientRetryUsed = true;
                    logger.LogWarning("OpenAI stream failed on key {Key} ({Reason}); retrying once on the next key", ApiKeyPool.Mask(key), failure.Reason);
                    break;
                case FailureKind.Incomplete when !incompleteRetryUsed && (prompt.CanStartOver?.Invoke() ?? true):
                    // Nothing of it was handed out yet: the answer may start over on another key.
                    incompleteRetryUsed = true;
                    logger.LogWarning("OpenAI stream on key {Key} ended without finishing ({Reason}); retrying once on the next key", ApiKeyPool.Mask(key), failure.Reason);
                    break;
                case FailureKind.Incomplete:
                    logger.LogWarning("OpenAI stream on key {Key} ended without finishing ({Reason}); the answer is incomplete", ApiKeyPool.Mask(key), failure.Reason);
                    throw new ChatModelException($"The model's stream ended without finishing: {failure.Reason}.") { Incomplete = true, Kind = ModelFailure.Incomplete };
                default:
                    throw new ChatModelException($"The model failed: {failure.Reason}.")
                    {
                        PictureRefused = prompt.HasPictures && failure.Status == 400 && failure.AboutPictures,
                        Kind = KindOf(failure),
                        Status = failure.Status > 0 ? failure.Status : null,
                    };
            }
        }

        throw new ChatModelException("The model failed on every key.")
        {
            Kind = lastFailure is null ? ModelFailure.ServerError : KindOf(lastFailure),
            Status = lastFailure?.Status is > 0 and var last ? last : null,
        };
    }

    /// <summary>What the owner's failure record calls a failure.</summary>
    private static ModelFailure KindOf(Failure failure) => failure.Kind switch
    {
        FailureKind.Unauthorized => ModelFailure.Unauthorized,
        FailureKind.RateLimited => ModelFailure.RateLimited,
        FailureKind.Incomplete => ModelFailure.Incomplete,
        _ when failure.Reason == StalledReason => ModelFailure.Stalled,
        _ => ModelFailure.ServerError,
    };

    private const string StalledReason = "stream stalled";

    /// <summary>Sends the request; the response's stream when it succeeded, else what failed.</summary>
    private async Task<(ChatCompletionStream? Stream, Failure? Failure)> SendAsync(
        HttpClient client,
        HttpRequestMessage request,
        CancellationTokenSource stall,
        CancellationToken linked,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked);
            if (response.IsSuccessStatusCode)
            {
                return (await ChatCompletionStream.OpenAsync(response, linked), null);
            }

            var status = (int)response.StatusCode;
            var failure = Classify(status) with
            {
                RetryAfter = status == 429 ? ChatCompletionStream.RetryAfter(response, clock.GetUtcNow()) : null,
                // Never the body itself in a message or a log: some servers echo (part of) the key in error bodies.
                AboutPictures = status == 400 && MentionsPictures(await ChatCompletionStream.ErrorBodyAsync(response, linked)),
            };
            response.Dispose();
            return (null, failure);
        }
        catch (Exception ex) when (Failed(ex, stall, cancellationToken) is { } failure)
        {
            response?.Dispose();
            return (null, failure);
        }
    }

    private static async Task<(bool More, ChatChunk Chunk, Failure? Error)> MoveAsync(
        ChatCompletionStream stream,
        CancellationTokenSource stall,
        CancellationToken linked,
        CancellationToken cancellationToken)
    {
        try
        {
            return await stream.NextAsync(linked) is { } chunk ? (true, chunk, null) : (false, default, null);
        }
        catch (Exception ex) when (Failed(ex, stall, cancellationToken) is { } failure)
        {
            return (false, default, failure);
        }
    }

    /// <summary>
    /// What an exception of a call means when it is the call's failure (null when it is the caller's cancellation, or
    /// not the call's: then it propagates): the stall timer, the network, or a response that is not a model's stream.
    /// </summary>
    private static Failure? Failed(Exception ex, CancellationTokenSource stall, CancellationToken cancellationToken) => ex switch
    {
        _ when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException when stall.IsCancellationRequested => new Failure(FailureKind.Transient, 0, null, StalledReason),
        HttpRequestException or IOException => new Failure(FailureKind.Transient, 0, null, $"network error ({ex.GetType().Name})"),
        JsonException => new Failure(FailureKind.Transient, 0, null, "not a model's stream (malformed JSON)"),
        _ => null,
    };

    /// <summary>
    /// Whether a 400's body is about images ("image_url is only supported by certain models", "does not support
    /// image input", DashScope's "url error"…): the model does not take pictures. Only searched, never logged.
    /// </summary>
    private static bool MentionsPictures(string body) =>
        body.Contains("image", StringComparison.OrdinalIgnoreCase) || body.Contains("vision", StringComparison.OrdinalIgnoreCase)
        || body.Contains("multimodal", StringComparison.OrdinalIgnoreCase);

    private static Failure Classify(int status) =>
        status switch
        {
            401 or 403 => new Failure(FailureKind.Unauthorized, status, null, $"HTTP {status}"),
            429 => new Failure(FailureKind.RateLimited, status, null, "HTTP 429"),
            408 or >= 500 => new Failure(FailureKind.Transient, status, null, $"HTTP {status}"),
            0 => new Failure(FailureKind.Transient, status, null, "no response"),
            _ => new Failure(FailureKind.Permanent, status, null, $"HTTP {status}"),
        };

    private enum FailureKind
    {
        Unauthorized,
        RateLimited,
        Transient,
        Permanent,

        /// <summary>The stream ended without a finish: cut off, or closed early by a gateway.</summary>
        Incomplete,
    }

    /// <param name="InStream">Reported in the stream itself (HTTP 200), not as the response's status.</param>
    /// <param name="AboutPictures">A 400 whose body speaks of images.</param>
    private sealed record Failure(FailureKind Kind, int Status, TimeSpan? RetryAfter, string Reason, bool InStream = false, bool AboutPictures = false);
}
