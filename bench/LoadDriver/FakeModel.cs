using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace WeChatGpt.Bench;

/// <summary>
/// A deliberately cheap OpenAI-compatible streaming endpoint for load runs: pre-encoded SSE chunks,
/// a fixed latency before the first one, no JSON parsing of requests.
/// </summary>
internal sealed class FakeModel : IAsyncDisposable
{
    public const string Answer = "这是基准测试的回答，模型已经认真思考过了。";

    private static readonly byte[] Stream = Encoding.UTF8.GetBytes(
        Event("{\"role\":\"assistant\",\"content\":\"这是基准测试的回答，\"}", null) +
        Event("{\"content\":\"模型已经认真思考过了。\"}", null) +
        Event("{}", "\"stop\"") +
        "data: [DONE]\n\n");

    private static readonly byte[] FirstChunkOnly = Encoding.UTF8.GetBytes(
        Event("{\"role\":\"assistant\",\"content\":\"这是基准测试的回答，\"}", null));

    private readonly WebApplication _app;

    private FakeModel(WebApplication app) => _app = app;

    public TimeSpan Latency { get; set; }

    /// <summary>
    /// Soak faults, by request number: every 200th answers HTTP 500, every 200th (offset 67) ends its stream after
    /// the first chunk without a finish, every 200th (offset 133) takes 7 s (past the first delivery).
    /// </summary>
    public bool Faults { get; set; }

    public long Requests;

    /// <summary>When requests arrived (Stopwatch ticks), to see how fast the app passes a burst on.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<long> Arrivals { get; } = new();

    /// <summary>When each answer's tokens were handed to the connection (after <see cref="Latency"/>).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<long> Answers { get; } = new();

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The same model over HTTP/2 without TLS (the app needs <c>OpenAI:Http2=Always</c>).</summary>
    public Uri Http2BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public static async Task<FakeModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // One HTTP/1.1 endpoint and one HTTP/2 endpoint without TLS ("prior knowledge", h2c), as gateways offer.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0);
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = int.Parse(Environment.GetEnvironmentVariable("BENCH_MODEL_STREAMS") ?? "100");
            kestrel.Limits.MaxConcurrentConnections = null;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var model = new FakeModel(app);
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var number = Interlocked.Increment(ref model.Requests);
            model.Arrivals.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            await context.Request.Body.CopyToAsync(System.IO.Stream.Null, context.RequestAborted);
            var fault = model.Faults ? number % 200 : -1;
            if (fault == 0)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("{\"error\":{\"message\":\"upstream failed\",\"type\":\"server_error\"}}", context.RequestAborted);
                return;
            }

            context.Response.ContentType = "text/event-stream";
            var latency = fault == 133 ? TimeSpan.FromSeconds(7) : model.Latency;
            if (latency > TimeSpan.Zero)
            {
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(latency, context.RequestAborted);
            }

            model.Answers.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            await context.Response.Body.WriteAsync(fault == 67 ? FirstChunkOnly : Stream, context.RequestAborted);
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        model.BaseUrl = new Uri(addresses[0].TrimEnd('/') + "/v1/");
        model.Http2BaseUrl = new Uri(addresses[1].TrimEnd('/') + "/v1/");
        return model;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string Event(string delta, string? finish) =>
        "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":"
        + delta + ",\"finish_reason\":" + (finish ?? "null") + "}]}\n\n";
}
