using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatGpt.IntegrationTests.Support;

public sealed record SynthesisRequest(string Key, string OutputFormat, string Ssml);

public sealed record RecognitionRequest(string Key, string Language, string ContentType, byte[] Audio);

/// <summary>
/// Azure Speech's REST API on a real socket: text to speech (<c>/cognitiveservices/v1</c>, SSML in, MP3 out)
/// and short-audio speech to text (<c>/speech/recognition/conversation/cognitiveservices/v1</c>, WAV in,
/// JSON out). Delays run on the given clock.
/// </summary>
public sealed class FakeSpeechServer : FakeServer
{
    private TimeProvider _clock = TimeProvider.System;

    public ConcurrentQueue<SynthesisRequest> Syntheses { get; } = new();

    public ConcurrentQueue<RecognitionRequest> Recognitions { get; } = new();

    public Func<SynthesisRequest, byte[]> Audio { get; set; } = _ => TestAudio.Mp3(3);

    public TimeSpan SynthesisLatency { get; set; }

    public Func<RecognitionRequest, string> Transcript { get; set; } = _ => "今天天气怎么样";

    /// <summary>Wait before a recognition answers (on the server's clock).</summary>
    public TimeSpan RecognitionLatency { get; set; }

    public int Status { get; set; } = 200;

    public static async Task<FakeSpeechServer> StartAsync(TimeProvider? clock = null)
    {
        var server = new FakeSpeechServer { _clock = clock ?? TimeProvider.System };
        await server.ListenAsync();
        return server;
    }

    public void UseClock(TimeProvider clock) => _clock = clock;

    protected override void Map(WebApplication app)
    {
        app.MapPost("/cognitiveservices/v1", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new SynthesisRequest(
                context.Request.Headers["Ocp-Apim-Subscription-Key"].ToString(),
                context.Request.Headers["X-Microsoft-OutputFormat"].ToString(),
                await reader.ReadToEndAsync());
            Syntheses.Enqueue(request);
            if (Status != 200)
            {
                return Results.StatusCode(Status);
            }

            if (SynthesisLatency > TimeSpan.Zero)
            {
                await Task.Delay(SynthesisLatency, _clock, context.RequestAborted);
            }

            return Results.Bytes(Audio(request), "audio/mpeg");
        });

        app.MapPost("/speech/recognition/conversation/cognitiveservices/v1", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var request = new RecognitionRequest(
                context.Request.Headers["Ocp-Apim-Subscription-Key"].ToString(),
                context.Request.Query["language"].ToString(),
                context.Request.ContentType ?? string.Empty,
                body.ToArray());
            Recognitions.Enqueue(request);
            if (RecognitionLatency > TimeSpan.Zero)
            {
                await Task.Delay(RecognitionLatency, _clock, context.RequestAborted);
            }

            var text = Transcript(request);
            // Azure answers in PascalCase, exactly as spelled here.
            return Results.Json(
                text.Length == 0
                    ? (object)new { RecognitionStatus = "NoMatch", Offset = 0, Duration = 0 }
                    : new { RecognitionStatus = "Success", DisplayText = text, Offset = 0, Duration = 20_000_000 },
                new JsonSerializerOptions());
        });
    }

    /// <summary>Reads a WAV header: (channels, sample rate, bits per sample).</summary>
    public static (int Channels, int SampleRate, int Bits) WavFormat(byte[] wav)
    {
        if (wav.Length < 44 || wav[0] != 'R' || wav[1] != 'I' || wav[2] != 'F' || wav[3] != 'F')
        {
            throw new FormatException("Not a RIFF/WAVE file.");
        }

        return (BitConverter.ToInt16(wav, 22), BitConverter.ToInt32(wav, 24), BitConverter.ToInt16(wav, 34));
    }

}
