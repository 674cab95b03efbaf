using FluentValidation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Infrastructure.Observability;

/// <summary>Metrics export (section <c>Otlp</c>); off unless <see cref="Endpoint"/> is set.</summary>
public sealed class OtlpOptions
{
    public const string SectionName = "Otlp";

    /// <summary>The collector, e.g. <c>http://localhost:4317</c> (gRPC) or <c>http://localhost:4318/v1/metrics</c> (HTTP).</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>Grpc</c> (default) or <c>HttpProtobuf</c>.</summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Extra headers, <c>key=value</c> pairs separated by commas (e.g. an API key of a hosted collector).</summary>
    public string? Headers { get; set; }

    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);
}

internal sealed class OtlpOptionsValidator : AbstractValidator<OtlpOptions>
{
    public OtlpOptionsValidator()
    {
        RuleFor(o => o.Endpoint).Must(e => string.IsNullOrWhiteSpace(e) || HttpUrls.IsHttpUrl(e))
            .WithMessage("must be an absolute http(s) URL.");
        RuleFor(o => o.ExportInterval).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100)).WithMessage("must be at least 00:00:00.1.");
    }
}

/// <summary>
/// Exports the product's meter, ASP.NET Core's and the runtime's through OTLP while the host runs; the last
/// values are flushed when it stops.
/// </summary>
internal sealed class OtlpMetricsExporter(IOptions<OtlpOptions> options, ILogger<OtlpMetricsExporter> logger) : IHostedService, IDisposable
{
    private MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Endpoint))
        {
            return Task.CompletedTask;
        }

        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(WeChatGptMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", "System.Net.Http")
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri(o.Endpoint);
                exporter.Protocol = o.Protocol;
                if (!string.IsNullOrWhiteSpace(o.Headers))
                {
                    exporter.Headers = o.Headers;
                }

                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)o.ExportInterval.TotalMilliseconds;
            })
            .Build();
        logger.LogInformation("Exporting metrics over OTLP ({Protocol}) every {Seconds} s", o.Protocol, o.ExportInterval.TotalSeconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _provider?.ForceFlush(5000);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();
}
