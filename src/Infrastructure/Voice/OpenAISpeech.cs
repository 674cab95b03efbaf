using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Audio;
using WeChatGpt.Application.Voice;
using WeChatGpt.Infrastructure.Conversations.OpenAI;

namespace WeChatGpt.Infrastructure.Voice;

/// <summary>
/// An OpenAI-compatible <c>/audio/speech</c> and <c>/audio/transcriptions</c> through the official SDK,
/// on <c>OpenAI:BaseUrl</c> with the keys of the chat model.
/// </summary>
internal sealed class OpenAISpeech(ApiKeyPool keys, IHttpClientFactory httpClients, IOptionsMonitor<OpenAIOptions> openAi, IOptionsMonitor<SpeechOptions> options)
{
    public async Task<byte[]> SynthesizeAsync(string text, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.OpenAI;
        try
        {
            var speech = await Client(settings.Model).GenerateSpeechAsync(
                text,
                new GeneratedSpeechVoice(settings.Voice),
                new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Mp3 },
                cancellationToken);
            return speech.Value.ToArray();
        }
        catch (ClientResultException ex)
        {
            throw new SpeechException($"Text to speech failed: HTTP {ex.Status}.");
        }
    }

    public async Task<string> TranscribeAsync(byte[] wav16kMono, string language, CancellationToken cancellationToken)
    {
        try
        {
            using var audio = new MemoryStream(wav16kMono, writable: false);
            var result = await Client(options.CurrentValue.OpenAI.TranscriptionModel).TranscribeAudioAsync(
                audio,
                "voice.wav",
                new AudioTranscriptionOptions { Language = language.Split('-')[0] },
                cancellationToken);
            return result.Value.Text ?? string.Empty;
        }
        catch (ClientResultException ex)
        {
            throw new SpeechException($"Speech to text failed: HTTP {ex.Status}.");
        }
    }

    private AudioClient Client(string model)
    {
        var key = keys.Acquire(avoid: null) ?? throw new SpeechException("No OpenAI key is usable for speech.");
        return new AudioClient(model, new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = openAi.CurrentValue.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 1),
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(OpenAIChatModel.HttpClientName)),
            NetworkTimeout = TimeSpan.FromSeconds(30),
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false, EnableMessageLogging = false, EnableMessageContentLogging = false },
        });
    }
}
