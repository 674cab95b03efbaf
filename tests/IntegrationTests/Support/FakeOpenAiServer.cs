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

    /// <summary>The in-stream error's code.</summary>
    public int ErrorCode { get; init; } = 429;
}

public sealed record RecordedChatRequest(string ApiKey, string Model, IReadOnlyList<(string Role, string Content)> Messages, bool Stream, int? MaxTokens, double? Temperature)
{
    public string LastUserMessage => Messages.Last(m => m.Role == "user").Content;
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

    public void UseClock(TimeProvider clock) => _clock = clock;

    public ConcurrentQueue<(string Model, string Voice, string Input)> SpeechRequests { get; } = new();

    public ConcurrentQueue<(string Model, string Language, string FileName, byte[] Audio)> TranscriptionRequests { get; } = new();

    public Func<string> TranscriptionText { get; set; } = () => "What is the weather like";

    /// <summary>What <c>/moderations</c> says of an input: flagged or not, after a delay; a status other than 200 fails it.</summary>
    public Func<string, (bool Flagged, TimeSpan Delay, int Status)> Moderation { get; set; } = _ => (false, TimeSpan.Zero, 200);

    public ConcurrentQueue<string> ModerationRequests { get; } = new();

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
        var request = new RecordedChatRequest(
            key,
            root.GetProperty("model").GetString()!,
            root.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList(),
            root.TryGetProperty("stream", out var stream) && stream.GetBoolean(),
            root.TryGetProperty("max_tokens", out var maxTokens) ? maxTokens.GetInt32() : null,
            root.TryGetProperty("temperature", out var temperature) ? temperature.GetDouble() : null);
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

            await context.Response.WriteAsJsonAsync(new { error = new { message = $"fake error {script.Status} for key {key}", type = "fake_error", code = script.Status } }, aborted);
            return;
        }

        if (!request.Stream)
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = request.Model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = script.Answer }, finish_reason = "stop" } },
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
        await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
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
