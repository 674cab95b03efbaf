using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>What the fake model does with one request.</summary>
public sealed record ModelScript
{
    /// <summary>HTTP status; anything but 200 answers an OpenAI-style error body.</summary>
    public int Status { get; init; } = 200;

    public string Answer { get; init; } = "好的。";

    /// <summary>Wait before the first chunk (on the server's clock).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Wait between chunks (on the server's clock).</summary>
    public TimeSpan ChunkDelay { get; init; }

    public int ChunkChars { get; init; } = 8;

    /// <summary>Send this many chunks, then hang without closing (a stalled stream).</summary>
    public int? StallAfterChunks { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Send this many chunks, then end the response cleanly — without a finish_reason and without [DONE].</summary>
    public int? EndAfterChunks { get; init; }

    /// <summary>Send this many chunks, then an in-stream <c>data: {"error": …}</c> event (HTTP 200, as LiteLLM-style gateways do), then end.</summary>
    public int? ErrorAfterChunks { get; init; }

    /// <summary>Send this many chunks, then an event whose data is not JSON (a broken gateway), then end.</summary>
    public int? MalformedAfterChunks { get; init; }

    /// <summary>Answer a streaming request with one whole JSON <c>chat.completion</c> (as servers that ignore <c>stream</c> do).</summary>
    public bool IgnoresStream { get; init; }

    /// <summary>The in-stream error's code.</summary>
    public int ErrorCode { get; init; } = 429;

    /// <summary>The error body's message for a status other than 200 (default: a generic one naming the key).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>
    /// The tokens the endpoint counts, sent as OpenAI does when the request asks (<c>stream_options.include_usage</c>): a
    /// last chunk with no choices and a <c>usage</c> object, before <c>[DONE]</c>. Null: no usage (as many compatible servers).
    /// </summary>
    public (int Prompt, int Completion)? Usage { get; init; }
}

public sealed record RecordedChatRequest(string ApiKey, string Model, IReadOnlyList<(string Role, string Content)> Messages, bool Stream, int? MaxTokens, double? Temperature)
{
    /// <summary>Every image content part of the request, in order: the message's index and the part's URL (a data URL).</summary>
    public IReadOnlyList<(int Message, string Url)> Pictures { get; init; } = [];

    /// <summary>The request asked for the stream's usage (<c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage { get; init; }

    public string LastUserMessage => Messages.Last(m => m.Role == "user").Content;

    /// <summary>The bytes of the pictures that went with message <paramref name="index"/> (decoded from their data URLs).</summary>
    public IReadOnlyList<byte[]> PicturesOf(int index) =>
        [.. Pictures.Where(p => p.Message == index).Select(p => Convert.FromBase64String(p.Url[(p.Url.IndexOf(',', StringComparison.Ordinal) + 1)..]))];

    /// <summary>The index of the last user message (the question).</summary>
    public int LastUserIndex => Messages.Select((m, i) => (m, i)).Last(x => x.m.Role == "user").i;
}

/// <summary>What the fake's <c>/images/generations</c> does with one request.</summary>
public sealed record ImageScript
{
    public int Status { get; init; } = 200;

    /// <summary>Wait before answering (on the server's clock).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary><c>b64_json</c> or <c>url</c> (then served from the fake itself).</summary>
    public string Format { get; init; } = "b64_json";

    /// <summary>The image; default a small PNG.</summary>
    public byte[]? Image { get; init; }
}

/// <summary>
/// An OpenAI-compatible chat endpoint on a real socket: <c>POST /v1/chat/completions</c> with streaming
/// (server-sent events, one <c>chat.completion.chunk</c> per piece, then <c>[DONE]</c>), bearer keys, and
/// scripted errors, latency and stalls. Delays run on the given clock, so a test can compress time.
/// </summary>
public sealed class FakeOpenAiServer : FakeServer
{
    private TimeProvider _clock = TimeProvider.System;

    public ConcurrentQueue<RecordedChatRequest> Requests { get; } = new();

    /// <summary>Per-request behaviour; by default answers "答：" + the question.</summary>
    public Func<RecordedChatRequest, ModelScript> Script { get; set; } = r => new ModelScript { Answer = "答：" + r.LastUserMessage };

    /// <summary>Behaviour for a given key, taking precedence over <see cref="Script"/>.</summary>
    public ConcurrentDictionary<string, Func<RecordedChatRequest, ModelScript>> KeyScripts { get; } = new();

    public Uri BaseUrl => new(Address, "v1/");

    public int RequestCount(string? lastUserMessage = null) =>
        lastUserMessage is null ? Requests.Count : Requests.Count(r => r.LastUserMessage == lastUserMessage);

    public static async Task<FakeOpenAiServer> StartAsync(TimeProvider? clock = null)
    {
        var server = new FakeOpenAiServer { _clock = clock ?? TimeProvider.System };
        await server.ListenAsync();
        return server;
    }

    /// <summary>
    /// The same server counting its connections: over HTTP/2 without TLS only when <paramref name="http2"/> (h2c, "prior
    /// knowledge", as gateways offer; the app needs <c>OpenAI:Http2=Always</c>) carrying at most
    /// <paramref name="maxStreamsPerConnection"/> streams on a connection, else HTTP/1.1; taking
    /// <paramref name="connectionSetup"/> before it serves a new connection.
    /// </summary>
    public static async Task<FakeOpenAiServer> StartCountingAsync(bool http2, int maxStreamsPerConnection = 100, TimeSpan connectionSetup = default)
    {
        var server = new FakeOpenAiServer();
        await server.ListenAsync(kestrel =>
        {
            kestrel.Limits.Http2.MaxStreamsPerConnection = maxStreamsPerConnection;
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = http2 ? Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2 : Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1;
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref server._connections);
                    Peak.Raise(ref server._peakOpenConnections, Interlocked.Increment(ref server._openConnections));
                    try
                    {
                        if (connectionSetup > TimeSpan.Zero)
                        {
                            await Task.Delay(connectionSetup);
                        }

                        await next(connection);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref server._openConnections);
                    }
                });
            });
        });
        return server;
    }

    private int _connections;
    private int _openConnections;
    private int _peakOpenConnections;

    /// <summary>(A counting server) Connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>(A counting server) The most connections open at once.</summary>
    public int PeakOpenConnections => Volatile.Read(ref _peakOpenConnections);

    public void UseClock(TimeProvider clock) => _clock = clock;

    public ConcurrentQueue<(string Model, string Voice, string Input)> SpeechRequests { get; } = new();

    public ConcurrentQueue<(string Model, string Language, string FileName, byte[] Audio)> TranscriptionRequests { get; } = new();

    public Func<string> TranscriptionText { get; set; } = () => "What is the weather like";

    /// <summary>What <c>/moderations</c> says of an input: flagged or not, after a delay; a status other than 200 fails it.</summary>
    public Func<string, (bool Flagged, TimeSpan Delay, int Status)> Moderation { get; set; } = _ => (false, TimeSpan.Zero, 200);

    public ConcurrentQueue<string> ModerationRequests { get; } = new();

    /// <summary>Every <c>/images/generations</c> request: model, prompt, size.</summary>
    public ConcurrentQueue<(string Model, string Prompt, string? Size)> ImageRequests { get; } = new();

    public Func<string, ImageScript> Images { get; set; } = _ => new ImageScript();

    /// <summary>The default drawn image.</summary>
    public static byte[] DefaultImage { get; } = TestImages.Png(64, 48);

    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v1/chat/completions", HandleAsync);
        app.MapPost("/v1/audio/speech", async (HttpContext context) =>
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var root = json.RootElement;
            SpeechRequests.Enqueue((root.GetProperty("model").GetString()!, root.GetProperty("voice").GetString()!, root.GetProperty("input").GetString()!));
            return Results.Bytes(TestAudio.Mp3(2), "audio/mpeg");
        });
        app.MapPost("/v1/images/generations", async (HttpContext context) =>
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var root = json.RootElement;
            var prompt = root.GetProperty("prompt").GetString()!;
            ImageRequests.Enqueue((root.GetProperty("model").GetString()!, prompt, root.TryGetProperty("size", out var size) ? size.GetString() : null));
            var script = Images(prompt);
            if (script.Latency > TimeSpan.Zero)
            {
                await Task.Delay(script.Latency, _clock, context.RequestAborted);
            }

            if (script.Status != 200)
            {
                return Results.Json(new { error = new { message = "Your request was rejected by the safety system.", type = "image_generation_user_error", code = "content_policy_violation" } }, statusCode: script.Status);
            }

            var image = script.Image ?? DefaultImage;
            if (script.Format == "url")
            {
                var id = Guid.NewGuid().ToString("N");
                _files[id] = image;
                return Results.Json(new { created = 1_700_000_000, data = new[] { new { url = new Uri(Address, $"files/{id}.png").ToString(), revised_prompt = "修订：" + prompt } } });
            }

            return Results.Json(new { created = 1_700_000_000, data = new[] { new { b64_json = Convert.ToBase64String(image) } } });
        });
        app.MapGet("/files/{name}", (string name) =>
            _files.TryGetValue(Path.GetFileNameWithoutExtension(name), out var bytes) ? Results.Bytes(bytes, "image/png") : Results.NotFound());
        app.MapPost("/v1/moderations", async (HttpContext context) =>
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var input = json.RootElement.GetProperty("input").GetString()!;
            ModerationRequests.Enqueue(input);
            var (flagged, delay, status) = Moderation(input);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _clock, context.RequestAborted);
            }

            if (status != 200)
            {
                return Results.Json(new { error = new { message = "moderation unavailable" } }, statusCode: status);
            }

            return Results.Json(new { id = "modr-fake", model = "omni-moderation-latest", results = new[] { new { flagged, categories = new { hate = flagged } } } });
        });
        app.MapPost("/v1/audio/transcriptions", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var file = form.Files["file"]!;
            using var audio = new MemoryStream();
            await file.CopyToAsync(audio);
            TranscriptionRequests.Enqueue((form["model"].ToString(), form["language"].ToString(), file.FileName, audio.ToArray()));
            return Results.Json(new { text = TranscriptionText() });
        });
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body);
        var root = json.RootElement;
        var key = context.Request.Headers.Authorization.ToString().Replace("Bearer ", string.Empty, StringComparison.Ordinal);
        var pictures = new List<(int, string)>();
        var messages = root.GetProperty("messages").EnumerateArray().Select((m, i) => (m.GetProperty("role").GetString()!, Content(m.GetProperty("content"), i, pictures))).ToList();
        var request = new RecordedChatRequest(
            key,
            root.GetProperty("model").GetString()!,
            messages,
            root.TryGetProperty("stream", out var stream) && stream.GetBoolean(),
            root.TryGetProperty("max_tokens", out var maxTokens) ? maxTokens.GetInt32() : null,
            root.TryGetProperty("temperature", out var temperature) ? temperature.GetDouble() : null)
        {
            Pictures = pictures,
            IncludeUsage = root.TryGetProperty("stream_options", out var streamOptions) && streamOptions.TryGetProperty("include_usage", out var includeUsage) && includeUsage.GetBoolean(),
        };
        Requests.Enqueue(request);

        var script = KeyScripts.TryGetValue(key, out var byKey) ? byKey(request) : Script(request);
        var aborted = context.RequestAborted;
        if (script.Status != 200)
        {
            context.Response.StatusCode = script.Status;
            if (script.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsJsonAsync(new { error = new { message = script.ErrorMessage ?? $"fake error {script.Status} for key {key}", type = "fake_error", code = script.Status } }, aborted);
            return;
        }

        if (!request.Stream || script.IgnoresStream)
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = request.Model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = script.Answer }, finish_reason = "stop" } },
                usage = script.Usage is { } counted ? new { prompt_tokens = counted.Prompt, completion_tokens = counted.Completion, total_tokens = counted.Prompt + counted.Completion } : null,
            }, aborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(aborted);
        if (script.Latency > TimeSpan.Zero)
        {
            await Task.Delay(script.Latency, _clock, aborted);
        }

        var chunks = Chunk(script.Answer, script.ChunkChars).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i > 0 && script.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(script.ChunkDelay, _clock, aborted);
            }

            await WriteEventAsync(context, Chunk(request.Model, chunks[i], role: i == 0, finish: null), aborted);
            if (script.StallAfterChunks is { } stallAfter && i + 1 >= stallAfter)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, aborted);
            }

            if (script.EndAfterChunks is { } endAfter && i + 1 >= endAfter)
            {
                return;
            }

            if (script.MalformedAfterChunks is { } malformedAfter && i + 1 >= malformedAfter)
            {
                await context.Response.WriteAsync("data: {\"choices\": [{\"delta\": {\"content\": \"cut\n\n", aborted);
                return;
            }

            if (script.ErrorAfterChunks is { } errorAfter && i + 1 >= errorAfter)
            {
                await WriteEventAsync(context, new { error = new { message = "upstream failed", type = "upstream_error", code = script.ErrorCode.ToString(CultureInfo.InvariantCulture) } }, aborted);
                return;
            }
        }

        if (script.EndAfterChunks == 0)
        {
            return;
        }

        if (script.ErrorAfterChunks == 0)
        {
            await WriteEventAsync(context, new { error = new { message = "upstream failed", type = "upstream_error", code = script.ErrorCode.ToString(CultureInfo.InvariantCulture) } }, aborted);
            return;
        }

        if (script.StallAfterChunks == 0)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, aborted);
        }

        await WriteEventAsync(context, Chunk(request.Model, null, role: false, finish: "stop"), aborted);
        if (script.Usage is { } usage && request.IncludeUsage)
        {
            await WriteEventAsync(
                context,
                new
                {
                    id = "chatcmpl-fake",
                    @object = "chat.completion.chunk",
                    created = 1_700_000_000,
                    model = request.Model,
                    choices = Array.Empty<object>(),
                    usage = new { prompt_tokens = usage.Prompt, completion_tokens = usage.Completion, total_tokens = usage.Prompt + usage.Completion },
                },
                aborted);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
    }

    /// <summary>A message's content: a string, or (OpenAI's multimodal form) an array of text and image_url parts.</summary>
    private static string Content(JsonElement content, int index, List<(int, string)> pictures)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            switch (part.GetProperty("type").GetString())
            {
                case "text":
                    text.Append(part.GetProperty("text").GetString());
                    break;
                case "image_url":
                    pictures.Add((index, part.GetProperty("image_url").GetProperty("url").GetString()!));
                    break;
                default:
                    throw new InvalidOperationException("Unknown content part type.");
            }
        }

        return text.ToString();
    }

    private static async Task WriteEventAsync(HttpContext context, object payload, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(payload) + "\n\n", Encoding.UTF8, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static object Chunk(string model, string? content, bool role, string? finish) => new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = 1_700_000_000,
        model,
        choices = new[]
        {
            new
            {
                index = 0,
                delta = role ? (object)new { role = "assistant", content } : content is null ? new { } : new { content },
                finish_reason = finish,
            },
        },
    };

    private static IEnumerable<string> Chunk(string text, int size)
    {
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        var piece = new StringBuilder();
        var count = 0;
        while (elements.MoveNext())
        {
            piece.Append(elements.GetTextElement());
            if (++count == size)
            {
                yield return piece.ToString();
                piece.Clear();
                count = 0;
            }
        }

        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }
}
