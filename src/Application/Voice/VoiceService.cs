using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Domain.Voice;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.Application.Voice;

/// <param name="MediaId">The uploaded voice, for the reply.</param>
/// <param name="Truncated">Only the answer's beginning was spoken: the full text waits for "继续".</param>
public sealed record SpokenReply(string MediaId, bool Truncated);

/// <summary>A voice could not be made or uploaded within WeChat's limits.</summary>
public sealed class VoiceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Voice in (download → ffmpeg → speech to text) and voice out (text to speech → checked against WeChat's
/// limits: MP3, at most 60 s and 2 MB → uploaded and recorded).
/// </summary>
public sealed class VoiceService(
    ISpeechRecognizer recognizer,
    ISpeechSynthesizer synthesizer,
    IAudioConverter converter,
    ITempAudioFiles files,
    IWeChatApi api,
    IMediaStore media,
    IOptionsMonitor<SpeechOptions> options,
    IOptionsMonitor<TextsOptions> texts,
    TimeProvider clock,
    ILogger<VoiceService> logger)
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>Trimmed audio stays just under WeChat's 60 s.</summary>
    private static readonly TimeSpan TrimTo = TimeSpan.FromSeconds(59);

    public bool CanTranscribe => options.CurrentValue.Provider != SpeechProvider.None && converter.IsAvailable;

    public bool CanSpeak => options.CurrentValue.Provider != SpeechProvider.None;

    public async Task<string> TranscribeAsync(string mediaId, string? format, string language, CancellationToken cancellationToken)
    {
        var downloaded = await api.DownloadMediaAsync(mediaId, cancellationToken);
        var extension = string.IsNullOrWhiteSpace(format) ? "amr" : format.Trim().ToLowerInvariant();
        await files.SaveAsync(downloaded.Content, "." + extension, cancellationToken);
        var wav = await converter.ToWav16kMonoAsync(downloaded.Content, extension, cancellationToken);
        var transcript = (await recognizer.TranscribeAsync(wav, language, cancellationToken)).Trim();
        logger.LogInformation("Transcribed {Bytes} bytes of {Format} voice ({Language}) into {Chars} chars", downloaded.Content.Length, extension, language, transcript.Length);
        return transcript;
    }

    public async Task<SpokenReply> SpeakAsync(string openId, string text, string language, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var (spoken, truncated) = SpokenText.Limit(text, settings.MaxSpokenChars);
        if (truncated)
        {
            spoken += (language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? " " + texts.CurrentValue.SpokenMoreHintEnglish : texts.CurrentValue.SpokenMoreHint);
        }

        var mp3 = await synthesizer.SynthesizeAsync(spoken, language, cancellationToken);
        var info = Mp3Info.Parse(mp3);
        if (!info.IsValid)
        {
            throw new VoiceException("The synthesized audio is not MP3.");
        }

        if (info.Duration > MaxDuration)
        {
            if (!converter.IsAvailable)
            {
                throw new VoiceException($"The voice lasts {info.Duration.TotalSeconds:0} s (over 60 s) and ffmpeg is not available to trim it.");
            }

            mp3 = await converter.TrimMp3Async(mp3, TrimTo, cancellationToken);
            truncated = true;
            info = Mp3Info.Parse(mp3);
        }

        if (mp3.Length > MaxBytes || info.Duration > MaxDuration)
        {
            throw new VoiceException($"The voice is {mp3.Length} bytes / {info.Duration.TotalSeconds:0} s, over WeChat's 2 MB / 60 s.");
        }

        var path = await files.SaveAsync(mp3, ".mp3", cancellationToken);
        var fileName = Path.GetFileName(path);
        var kind = settings.UploadAs == UploadKind.Permanent ? MediaKind.Permanent : MediaKind.Temporary;
        var mediaId = kind == MediaKind.Permanent
            ? await api.AddPermanentVoiceAsync(mp3, fileName, cancellationToken)
            : await api.UploadTemporaryVoiceAsync(mp3, fileName, cancellationToken);
        await media.AddAsync(new MediaRecord(mediaId, kind, "voice", openId, mp3.Length, path, clock.GetUtcNow()), CancellationToken.None);
        logger.LogInformation("Voice reply uploaded as {Kind} media: {Seconds:0.0} s, {Bytes} bytes", kind, info.Duration.TotalSeconds, mp3.Length);
        return new SpokenReply(mediaId, truncated);
    }
}
