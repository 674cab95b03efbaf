using System.Collections.Concurrent;
using System.Diagnostics;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>Real audio for the voice tests, made with ffmpeg (MP3) or framed by hand (AMR-NB).</summary>
public static class TestAudio
{
    private static readonly ConcurrentDictionary<int, byte[]> Mp3s = new();

    /// <summary>A real MP3 (16 kHz mono, 32 kbit/s): a sine tone of the given length, encoded by ffmpeg.</summary>
    public static byte[] Mp3(int seconds) => Mp3s.GetOrAdd(seconds, s => Ffmpeg(
        "-f", "lavfi", "-i", $"sine=frequency=440:duration={s}", "-ac", "1", "-ar", "16000", "-b:a", "32k", "-f", "mp3", "pipe:1"));

    /// <summary>
    /// An AMR-NB file as WeChat sends voice: the "#!AMR\n" magic and 50 frames a second of 12.2 kbit/s
    /// speech frames. Debian's ffmpeg decodes AMR but cannot encode it, so the frames are laid out here;
    /// their payload is arbitrary, which decodes to noise — enough for the conversion under test.
    /// </summary>
    public static byte[] Amr(int seconds)
    {
        var random = new Random(42);
        using var amr = new MemoryStream();
        amr.Write("#!AMR\n"u8);
        for (var frame = 0; frame < seconds * 50; frame++)
        {
            amr.WriteByte(0x3C); // frame type 7 (MR122), quality bit set
            var payload = new byte[31];
            random.NextBytes(payload);
            amr.Write(payload);
        }

        return amr.ToArray();
    }

    private static byte[] Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-hide_banner");
        start.ArgumentList.Add("-loglevel");
        start.ArgumentList.Add("error");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + errors.Result);
        }

        return output.ToArray();
    }
}
