namespace WeChatGpt.Application.Voice;

/// <summary>Speech to text.</summary>
public interface ISpeechRecognizer
{
    /// <param name="wav16kMono">16 kHz mono PCM WAV.</param>
    /// <param name="language">BCP 47, e.g. <c>zh-CN</c> or <c>en-US</c>.</param>
    /// <returns>The transcript; empty when nothing was recognised.</returns>
    Task<string> TranscribeAsync(byte[] wav16kMono, string language, CancellationToken cancellationToken);
}

/// <summary>Text to speech.</summary>
public interface ISpeechSynthesizer
{
    /// <returns>MP3 audio.</returns>
    Task<byte[]> SynthesizeAsync(string text, string language, CancellationToken cancellationToken);
}

/// <summary>Audio conversion (ffmpeg).</summary>
public interface IAudioConverter
{
    /// <summary>Whether the converter can run here (ffmpeg found at start-up).</summary>
    bool IsAvailable { get; }

    /// <summary>Any input WeChat sends (AMR, speex, MP3…) to 16 kHz mono PCM WAV.</summary>
    Task<byte[]> ToWav16kMonoAsync(byte[] audio, string format, CancellationToken cancellationToken);

    /// <summary>The first <paramref name="maxDuration"/> of an MP3.</summary>
    Task<byte[]> TrimMp3Async(byte[] mp3, TimeSpan maxDuration, CancellationToken cancellationToken);
}

/// <summary>Short-lived audio files on disk (downloads, conversions, uploads).</summary>
public interface ITempAudioFiles
{
    /// <summary>Writes a file in the temporary audio folder; returns its path.</summary>
    Task<string> SaveAsync(byte[] audio, string extension, CancellationToken cancellationToken);

    /// <summary>Deletes the folder's audio files last written before <paramref name="cutoff"/>; nothing else.</summary>
    int DeleteOlderThan(DateTimeOffset cutoff);
}
