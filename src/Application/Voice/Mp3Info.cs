namespace WeChatGpt.Application.Voice;

/// <summary>
/// Reads an MP3 stream's frames (after an optional ID3v2 tag) to check it is MP3 and how long it plays:
/// WeChat accepts voice of at most 60 s and 2 MB.
/// </summary>
public sealed record Mp3Info(bool IsValid, int Frames, int SampleRate, TimeSpan Duration)
{
    private static readonly int[,] BitratesKbps =
    {
        // MPEG-1 Layer III
        { 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0 },
        // MPEG-2 / 2.5 Layer III
        { 0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0 },
    };

    private static readonly int[,] SampleRates =
    {
        { 11025, 12000, 8000 },  // MPEG-2.5
        { 0, 0, 0 },             // reserved
        { 22050, 24000, 16000 }, // MPEG-2
        { 44100, 48000, 32000 }, // MPEG-1
    };

    public static Mp3Info Parse(ReadOnlySpan<byte> data)
    {
        var position = SkipId3(data);
        var frames = 0;
        var sampleRate = 0;
        double seconds = 0;
        while (position + 4 <= data.Length)
        {
            var header = data.Slice(position, 4);
            if (header[0] != 0xFF || (header[1] & 0xE0) != 0xE0)
            {
                break;
            }

            var version = (header[1] >> 3) & 0b11;  // 0: 2.5, 2: 2, 3: 1
            var layer = (header[1] >> 1) & 0b11;    // 1: Layer III
            var bitrateIndex = header[2] >> 4;
            var rateIndex = (header[2] >> 2) & 0b11;
            var padding = (header[2] >> 1) & 1;
            if (version == 1 || layer != 1 || bitrateIndex is 0 or 15 || rateIndex == 3)
            {
                break;
            }

            var rate = SampleRates[version, rateIndex];
            var bitrate = BitratesKbps[version == 3 ? 0 : 1, bitrateIndex] * 1000;
            var samples = version == 3 ? 1152 : 576;
            var length = (samples / 8 * bitrate / rate) + padding;
            if (length < 4 || position + length > data.Length + 1)
            {
                break;
            }

            frames++;
            sampleRate = rate;
            seconds += (double)samples / rate;
            position += length;
        }

        // A real stream has a few consecutive frames; a stray 0xFFE sync in garbage does not.
        var valid = frames >= 3;
        return new Mp3Info(valid, frames, sampleRate, TimeSpan.FromSeconds(seconds));
    }

    private static int SkipId3(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 10 && data[0] == 'I' && data[1] == 'D' && data[2] == '3')
        {
            var size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9];
            var footer = (data[5] & 0x10) != 0 ? 10 : 0;
            return Math.Min(data.Length, 10 + size + footer);
        }

        return 0;
    }
}
