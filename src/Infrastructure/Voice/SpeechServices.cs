using Microsoft.Extensions.Options;
using WeChatGpt.Application.Voice;

namespace WeChatGpt.Infrastructure.Voice;

/// <summary>Sends speech work to the configured provider (<c>Speech:Provider</c>).</summary>
internal sealed class SpeechServices(AzureSpeech azure, OpenAISpeech openAi, IOptionsMonitor<SpeechOptions> options) : ISpeechSynthesizer, ISpeechRecognizer
{
    public Task<byte[]> SynthesizeAsync(string text, string language, CancellationToken cancellationToken) =>
        options.CurrentValue.Provider switch
        {
            SpeechProvider.Azure => azure.SynthesizeAsync(text, language, cancellationToken),
            SpeechProvider.OpenAI => openAi.SynthesizeAsync(text, cancellationToken),
            _ => throw new SpeechException("Speech:Provider is None."),
        };

    public Task<string> TranscribeAsync(byte[] wav16kMono, string language, CancellationToken cancellationToken) =>
        options.CurrentValue.Provider switch
        {
            SpeechProvider.Azure => azure.TranscribeAsync(wav16kMono, language, cancellationToken),
            SpeechProvider.OpenAI => openAi.TranscribeAsync(wav16kMono, language, cancellationToken),
            _ => throw new SpeechException("Speech:Provider is None."),
        };
}
