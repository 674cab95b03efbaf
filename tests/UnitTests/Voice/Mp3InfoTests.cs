using Shouldly;
using WeChatGpt.Application.Voice;

namespace WeChatGpt.UnitTests.Voice;

public sealed class Mp3InfoTests
{
    /// <summary>An MPEG-2 Layer III frame header: 16 kHz, 32 kbit/s, no padding (144 bytes, 576 samples).</summary>
    private static byte[] Frame16k32() => [0xFF, 0xF3, 0x48, 0xC4, .. new byte[140]];

    /// <summary>An MPEG-1 Layer III frame header: 44.1 kHz, 128 kbit/s, no padding (417 bytes, 1152 samples).</summary>
    private static byte[] Frame44k128() => [0xFF, 0xFB, 0x90, 0x64, .. new byte[413]];

    [Fact]
    public void Mpeg2Frames_GiveTheDuration()
    {
        var mp3 = Enumerable.Repeat(Frame16k32(), 100).SelectMany(f => f).ToArray();

        var info = Mp3Info.Parse(mp3);

        info.IsValid.ShouldBeTrue();
        info.Frames.ShouldBe(100);
        info.SampleRate.ShouldBe(16000);
        info.Duration.TotalSeconds.ShouldBe(100 * 576 / 16000.0, 0.0001);
    }

    [Fact]
    public void Mpeg1Frames_AfterAnId3Tag_AreRead()
    {
        byte[] id3 = [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 20, .. new byte[20]];
        var mp3 = id3.Concat(Enumerable.Repeat(Frame44k128(), 10).SelectMany(f => f)).ToArray();

        var info = Mp3Info.Parse(mp3);

        info.IsValid.ShouldBeTrue();
        info.Frames.ShouldBe(10);
        info.SampleRate.ShouldBe(44100);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45 })]
    [InlineData(new byte[] { 0xFF, 0xF3, 0x48, 0xC4 })]
    public void NotMp3_IsInvalid(byte[] data) => Mp3Info.Parse(data).IsValid.ShouldBeFalse();
}
