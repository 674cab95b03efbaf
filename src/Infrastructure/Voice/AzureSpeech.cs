using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Voice;

namespace WeChatGpt.Infrastructure.Voice;

/// <summary>
/// Azure Speech through its REST API (the Speech SDK is not in our package registry): text to speech from
/// SSML as 16 kHz MP3, and short-audio speech to text from 16 kHz PCM WAV. <c>Speech:Azure:Endpoint</c>
/// replaces the region's hosts (tests point it at a fake server).
/// </summary>
internal sealed class AzureSpeech(IHttpClientFactory httpClients, IOptionsMonitor<SpeechOptions> options)
{
    public const string HttpClientName = "azure-speech";
    public const string OutputFormat = "audio-16khz-32kbitrate-mono-mp3";

    public async Task<byte[]> SynthesizeAsync(string text, string language, CancellationToken cancellationToken)
    {
        var azure = options.CurrentValue.Azure;
        var voice = language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? azure.EnglishVoice : azure.ChineseVoice;
        var ssml = $"<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"{SecurityElement.Escape(language)}\">"
            + $"<voice name=\"{SecurityElement.Escape(voice)}\">{SecurityElement.Escape(text)}</voice></speak>";
        using var request = new HttpRequestMessage(HttpMethod.Post, Host(azure, "tts", "cognitiveservices/v1"))
        {
            Content = new StringContent(ssml, Encoding.UTF8, "application/ssml+xml"),
        };
        request.Headers.Add("Ocp-Apim-Subscription-Key", azure.Key);
        request.Headers.Add("X-Microsoft-OutputFormat", OutputFormat);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("WeChatGpt", "1.0"));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "text to speech");
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public async Task<string> TranscribeAsync(byte[] wav16kMono, string language, CancellationToken cancellationToken)
    {
        var azure = options.CurrentValue.Azure;
        var path = $"speech/recognition/conversation/cognitiveservices/v1?language={Uri.EscapeDataString(language)}&format=simple";
        using var content = new ByteArrayContent(wav16kMono);
        // Azure's documented value has an unquoted "/" in a parameter, which the strict header parser refuses.
        content.Headers.TryAddWithoutValidation("Content-Type", "audio/wav; codecs=audio/pcm; samplerate=16000");
        using var request = new HttpRequestMessage(HttpMethod.Post, Host(azure, "stt", path)) { Content = content };
        request.Headers.Add("Ocp-Apim-Subscription-Key", azure.Key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "speech to text");
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var status = result.TryGetProperty("RecognitionStatus", out var s) ? s.GetString() : null;
        return status switch
        {
            "Success" => result.TryGetProperty("DisplayText", out var text) ? text.GetString() ?? string.Empty : string.Empty,
            "NoMatch" or "InitialSilenceTimeout" or "BabbleTimeout" => string.Empty,
            _ => throw new SpeechException($"Azure speech to text answered {status ?? "nothing"}."),
        };
    }

    private static Uri Host(AzureSpeechOptions azure, string service, string path)
    {
        var root = azure.Endpoint is { } endpoint
            ? new Uri(endpoint.ToString().TrimEnd('/') + "/")
            : new Uri($"https://{azure.Region}.{service}.speech.microsoft.com/");
        return new Uri(root, path);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            // The body may echo request details; only the status is reported.
            await response.Content.LoadIntoBufferAsync();
            throw new SpeechException($"Azure {what} failed: HTTP {(int)response.StatusCode}.");
        }
    }
}
