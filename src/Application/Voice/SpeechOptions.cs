namespace WeChatGpt.Application.Voice;

public enum SpeechProvider
{
    /// <summary>No speech: voice messages need WeChat's recognition, answers are text.</summary>
    None,

    /// <summary>Azure Speech through its REST API.</summary>
    Azure,

    /// <summary>An OpenAI-compatible <c>/audio/speech</c> and <c>/audio/transcriptions</c> (OpenAI:BaseUrl and keys).</summary>
    OpenAI,
}

public enum UploadKind
{
    Temporary,
    Permanent,
}

/// <summary>Voice in and out (section <c>Speech</c>).</summary>
public sealed class SpeechOptions
{
    public const string SectionName = "Speech";

    public SpeechProvider Provider { get; set; } = SpeechProvider.None;

    public AzureSpeechOptions Azure { get; set; } = new();

    public OpenAISpeechOptions OpenAI { get; set; } = new();

    /// <summary>Longest text spoken in one voice reply (WeChat voice is at most 60 s); the full text stays available on "继续".</summary>
    public int MaxSpokenChars { get; set; } = 200;

    /// <summary>Upload replies as temporary media (default) or as permanent material (unverified accounts often need it).</summary>
    public UploadKind UploadAs { get; set; } = UploadKind.Temporary;

    /// <summary>Where downloaded and synthesized audio is kept briefly (relative to the content root).</summary>
    public string TempDirectory { get; set; } = "App_Data/voice";

    /// <summary>Temporary audio files older than this are deleted by a recurring job.</summary>
    public TimeSpan TempFileTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Permanent voice material is deleted this long after its reply was delivered.</summary>
    public TimeSpan MaterialGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The ffmpeg executable (apt package <c>ffmpeg</c>).</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";
}

public sealed class AzureSpeechOptions
{
    public string? Key { get; set; }

    /// <summary>The resource's region, e.g. <c>eastasia</c>; or set <see cref="Endpoint"/>.</summary>
    public string? Region { get; set; }

    /// <summary>Overrides the region's hosts: TTS at <c>{Endpoint}/cognitiveservices/v1</c>, STT at <c>{Endpoint}/speech/recognition/conversation/cognitiveservices/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    public string ChineseVoice { get; set; } = "zh-CN-XiaoyanNeural";

    public string EnglishVoice { get; set; } = "en-US-AriaNeural";
}

public sealed class OpenAISpeechOptions
{
    public string Model { get; set; } = "tts-1";

    public string Voice { get; set; } = "alloy";

    public string TranscriptionModel { get; set; } = "whisper-1";
}
