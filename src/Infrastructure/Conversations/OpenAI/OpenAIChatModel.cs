using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using WeChatGpt.Application.Conversations;
using AppChatMessage = WeChatGpt.Application.Conversations.ChatMessage;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace WeChatGpt.Infrastructure.Conversations.OpenAI;

/// <summary>
/// Any OpenAI-compatible chat endpoint through the official SDK, streaming. Keys rotate: 401/403 disables a
/// key, 429 rests it, and the request moves on to the next key; a 5xx, a network error or a stalled stream
/// (no token for <see cref="OpenAIOptions.StallTimeout"/>) is retried once on the next key. The SDK's own
/// retries are off: this class decides.
/// </summary>
internal sealed class OpenAIChatModel(
    ApiKeyPool keys,
    IHttpClientFactory httpClients,
    IOptionsMonitor<OpenAIOptions> options,
    TimeProvider clock,
    ILogger<OpenAIChatModel> logger) : IChatModel
{
    public const string HttpClientName = "openai";

    private readonly ConcurrentDictionary<(string Key, Uri BaseUrl, string Model), ChatClient> _clients = new();

    public async IAsyncEnumerable<ChatDelta> StreamAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var messages = prompt.Messages.Select(ToSdk).ToList();
        var completionOptions = CompletionOptions(settings);
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

            var client = Client(key, settings, prompt.Model ?? settings.Model);
            using var stall = new CancellationTokenSource(settings.StallTimeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
            var restartAnnounced = false;
            var finished = false;
            ChatUsage? usage = null;
            var answer = new StringBuilder();
            Failure? failure = null;

            // The request is sent on the first move: the watch set here is the one its response is teed into.
            var watch = new StreamWatch();
            StreamWatch.Current = watch;
            await using (var stream = client.CompleteChatStreamingAsync(messages, completionOptions, linked.Token).GetAsyncEnumerator(linked.Token))
            {
                while (true)
                {
                    var (more, text, finish, error, used) = await MoveAsync(stream, stall, cancellationToken);
                    finished |= finish;
                    usage = used ?? usage;
                    if (error is not null)
                    {
                        failure = error;
                        break;
                    }

                    if (!more)
                    {
                        failure = Ended(watch, finished);
                        if (failure is null)
                        {
                            keys.Succeeded(key);
                            // The stream's own count (stream_options.include_usage, which the SDK asks for), else an estimate.
                            var model = prompt.Model ?? settings.Model;
                            yield return new ChatDelta(string.Empty)
                            {
                                Usage = usage is null ? ChatUsage.Estimate(prompt, answer.ToString(), model) : usage with { Model = model },
                            };
                            yield break;
                        }

                        break;
                    }

                    stall.CancelAfter(settings.StallTimeout);
                    if (text.Length == 0)
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
                    answer.Append(text);
                    yield return new ChatDelta(text);
                }
            }

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

    /// <summary>
    /// A stream that ended: complete only with a finish (<c>finish_reason</c>, or <c>[DONE]</c>); an error reported in
    /// the stream is a failure with its status, as if it had come as the HTTP status.
    /// </summary>
    private static Failure? Ended(StreamWatch watch, bool finished)
    {
        if (watch.ErrorStatus is { } status)
        {
            return Classify(status) with { Reason = $"in-stream error, HTTP {status}", InStream = true };
        }

        return finished || watch.Done ? null : new Failure(FailureKind.Incomplete, 0, null, "no finish_reason and no [DONE]");
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

    private static async Task<(bool More, string Text, bool Finish, Failure? Error, ChatUsage? Usage)> MoveAsync(
        IAsyncEnumerator<StreamingChatCompletionUpdate> stream,
        CancellationTokenSource stall,
        CancellationToken cancellationToken)
    {
        try
        {
            if (!await stream.MoveNextAsync())
            {
                return (false, string.Empty, false, null, null);
            }

            var update = stream.Current;
            var finish = update.FinishReason is not null;
            var usage = update.Usage is { } counted ? new ChatUsage(counted.InputTokenCount, counted.OutputTokenCount, string.Empty) : null;
            if (update.ContentUpdate is not { Count: > 0 } content)
            {
                return (true, string.Empty, finish, null, usage);
            }

            var text = new StringBuilder();
            foreach (var part in content)
            {
                text.Append(part.Text);
            }

            return (true, text.ToString(), finish, null, usage);
        }
        catch (ClientResultException ex)
        {
            return (false, string.Empty, false, Classify(ex), null);
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (false, string.Empty, false, new Failure(FailureKind.Transient, 0, null, StalledReason), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return (false, string.Empty, false, new Failure(FailureKind.Transient, 0, null, $"network error ({ex.GetType().Name})"), null);
        }
    }

    private static Failure Classify(ClientResultException ex) =>
        // Never ex.Message: some servers echo (part of) the key in error bodies.
        Classify(ex.Status) with
        {
            RetryAfter = ex.Status == 429 ? RetryAfter(ex.GetRawResponse()) : null,
            AboutPictures = ex.Status == 400 && MentionsPictures(ex.GetRawResponse()),
        };

    /// <summary>
    /// Whether a 400's body is about images ("image_url is only supported by certain models", "does not support
    /// image input", DashScope's "url error"…): the model does not take pictures. Only searched, never logged.
    /// </summary>
    private static bool MentionsPictures(PipelineResponse? response)
    {
        try
        {
            var body = response?.Content?.ToString();
            return body is not null && (body.Contains("image", StringComparison.OrdinalIgnoreCase) || body.Contains("vision", StringComparison.OrdinalIgnoreCase)
                || body.Contains("multimodal", StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidOperationException)
        {
            // The body was not buffered.
            return false;
        }
    }

    private static Failure Classify(int status) =>
        status switch
        {
            401 or 403 => new Failure(FailureKind.Unauthorized, status, null, $"HTTP {status}"),
            429 => new Failure(FailureKind.RateLimited, status, null, "HTTP 429"),
            408 or >= 500 => new Failure(FailureKind.Transient, status, null, $"HTTP {status}"),
            0 => new Failure(FailureKind.Transient, status, null, "no response"),
            _ => new Failure(FailureKind.Permanent, status, null, $"HTTP {status}"),
        };

    private static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private ChatClient Client(string key, OpenAIOptions settings, string model) =>
        _clients.GetOrAdd((key, settings.BaseUrl, model), k => new ChatClient(
            k.Model,
            new ApiKeyCredential(k.Key),
            new OpenAIClientOptions
            {
                Endpoint = k.BaseUrl,
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
                // Stalls are detected per token above; this only bounds a request that never answers at all.
                NetworkTimeout = TimeSpan.FromMinutes(10),
                // Requests carry the followers' words and the key: the SDK logs nothing of them.
                ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false, EnableMessageLogging = false, EnableMessageContentLogging = false },
                EnableDistributedTracing = false,
            }));

    private static ChatCompletionOptions CompletionOptions(OpenAIOptions settings)
    {
        var completion = new ChatCompletionOptions { Temperature = settings.Temperature };
        if (settings.MaxTokens is { } maxTokens)
        {
            // max_tokens rather than the SDK's max_completion_tokens: understood by every compatible server.
#pragma warning disable SCME0001 // JsonPatch is marked for evaluation; it is the SDK's way to send an extra field.
            completion.Patch.Set("$.max_tokens"u8, maxTokens);
#pragma warning restore SCME0001
        }

        return completion;
    }

    private static SdkChatMessage ToSdk(AppChatMessage message) => message.Role switch
    {
        ChatRole.System => new SystemChatMessage(message.Content),
        ChatRole.Assistant => new AssistantChatMessage(message.Content),
        _ when message.Pictures.Count > 0 => new UserChatMessage(
            [
                // The picture as a base64 data URL (OpenAI's chat format, which DashScope/Qwen-VL and others accept).
                .. message.Pictures.Select(p => ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(p.Content), p.ContentType)),
                ChatMessageContentPart.CreateTextPart(message.Content),
            ]),
        _ => new UserChatMessage(message.Content),
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
