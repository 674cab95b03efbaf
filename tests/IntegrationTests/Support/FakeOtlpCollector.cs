using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP metrics receiver: <c>POST /v1/metrics</c> with a protobuf
/// <c>ExportMetricsServiceRequest</c>, answered with an empty (successful) protobuf response.
/// </summary>
public sealed class FakeOtlpCollector : FakeServer
{
    /// <summary>The request bodies received (protobuf; instrument names appear in them as UTF-8).</summary>
    public ConcurrentQueue<byte[]> Exports { get; } = new();

    public ConcurrentQueue<string> ContentTypes { get; } = new();

    public Uri MetricsEndpoint => new(Address, "v1/metrics");

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var collector = new FakeOtlpCollector();
        await collector.ListenAsync();
        return collector;
    }

    public bool Received(string instrument) =>
        Exports.Any(body => System.Text.Encoding.UTF8.GetString(body).Contains(instrument, StringComparison.Ordinal));

    protected override void Map(WebApplication app) =>
        app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            Exports.Enqueue(body.ToArray());
            ContentTypes.Enqueue(context.Request.ContentType ?? string.Empty);
            return Results.Bytes([], "application/x-protobuf");
        });
}
