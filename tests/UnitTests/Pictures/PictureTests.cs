using Shouldly;
using SkiaSharp;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Application.Pictures;
using WeChatGpt.Domain.Conversations;
using WeChatGpt.Infrastructure.Pictures;

namespace WeChatGpt.UnitTests.Pictures;

public sealed class PictureFormatTests
{
    [Fact]
    public void TheTypeIsToldByTheFirstBytes_NeverByAName()
    {
        PictureFormat.Sniff(Encode(SKEncodedImageFormat.Jpeg)).ShouldBe("image/jpeg");
        PictureFormat.Sniff(Encode(SKEncodedImageFormat.Png)).ShouldBe("image/png");
        PictureFormat.Sniff(Encode(SKEncodedImageFormat.Webp)).ShouldBe("image/webp");
        PictureFormat.Sniff("GIF89a\x01\x00\x01\x00"u8).ShouldBe("image/gif");
        PictureFormat.Sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8).ShouldBeNull();
        PictureFormat.Sniff("#!AMR\n"u8).ShouldBeNull();
        PictureFormat.Sniff([]).ShouldBeNull();
        PictureFormat.Sniff([0xFF, 0xD8]).ShouldBeNull("too short to be a JPEG");
    }

    internal static byte[] Encode(SKEncodedImageFormat format, int width = 40, int height = 30)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.SeaGreen);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}

public sealed class SkiaPictureCodecTests
{
    private static readonly SkiaPictureCodec Codec = new();
    private static readonly string[] Any = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    [Fact]
    public void APictureThatFits_IsKeptAsItIs()
    {
        var png = PictureFormatTests.Encode(SKEncodedImageFormat.Png, 300, 200);

        var fitted = Codec.Fit(png, 1536, 1_000_000, Any);

        fitted.Content.ShouldBeSameAs(png);
        (fitted.ContentType, fitted.Width, fitted.Height).ShouldBe(("image/png", 300, 200));
    }

    [Fact]
    public void ALargerOne_IsScaledToTheLongerSide_KeepingItsShape()
    {
        var jpeg = PictureFormatTests.Encode(SKEncodedImageFormat.Jpeg, 4000, 1000);

        var fitted = Codec.Fit(jpeg, 1000, 10_000_000, Any);

        (fitted.ContentType, fitted.Width, fitted.Height).ShouldBe(("image/jpeg", 1000, 250));
        PictureFormat.Sniff(fitted.Content).ShouldBe("image/jpeg");
    }

    [Fact]
    public void AFormatNotKept_IsReEncodedAsJpeg()
    {
        var webp = PictureFormatTests.Encode(SKEncodedImageFormat.Webp, 120, 80);

        var fitted = Codec.Fit(webp, 2048, 10_000_000, ["image/jpeg", "image/png"]);

        fitted.ContentType.ShouldBe("image/jpeg");
        PictureFormat.Sniff(fitted.Content).ShouldBe("image/jpeg");
        (fitted.Width, fitted.Height).ShouldBe((120, 80));
    }

    [Fact]
    public void TooManyBytes_IsMadeSmaller_UntilItFits()
    {
        using var bitmap = new SKBitmap(1200, 1200);
        var random = new Random(7);
        for (var y = 0; y < 1200; y++)
        {
            for (var x = 0; x < 1200; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        var noisy = data.ToArray();

        var fitted = Codec.Fit(noisy, 2048, 200_000, Any);

        fitted.Content.Length.ShouldBeLessThanOrEqualTo(200_000);
        fitted.ContentType.ShouldBe("image/jpeg", "a PNG too large as PNG goes as JPEG");
    }

    [Fact]
    public void NotAnImage_OrABrokenOne_IsRejected()
    {
        Should.Throw<PictureRejectedException>(() => Codec.Fit("hello"u8.ToArray(), 1024, 1_000_000, Any));
        var broken = PictureFormatTests.Encode(SKEncodedImageFormat.Png)[..12];
        Should.Throw<PictureRejectedException>(() => Codec.Fit(broken, 1024, 1_000_000, Any));
    }

    [Fact]
    public void ADecompressionBomb_IsRejectedBeforeItIsDecoded()
    {
        // A PNG header claiming 30000 x 30000 pixels (900 M pixels) over a few bytes of data.
        var png = PictureFormatTests.Encode(SKEncodedImageFormat.Png, 1, 1);
        png[16] = 0; png[17] = 0; png[18] = 0x75; png[19] = 0x30;
        png[20] = 0; png[21] = 0; png[22] = 0x75; png[23] = 0x30;
        var crc = Crc32(png.AsSpan(12, 17));
        png[29] = (byte)(crc >> 24); png[30] = (byte)(crc >> 16); png[31] = (byte)(crc >> 8); png[32] = (byte)crc;

        Should.Throw<PictureRejectedException>(() => Codec.Fit(png, 1024, 1_000_000, Any)).Message.ShouldContain("30000x30000");
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}

public sealed class DrawPromptTests
{
    private static readonly string[] Prefixes = ["画", "画图", "/draw"];

    [Theory]
    [InlineData("画 一只猫", "一只猫")]
    [InlineData("画：海边的日落", "海边的日落")]
    [InlineData("画图 海边的日落", "海边的日落")]
    [InlineData("画图海边的日落", "海边的日落")]
    [InlineData("画图：海边的日落", "海边的日落")]
    [InlineData("/draw a red fox", "a red fox")]
    [InlineData("/DRAW a red fox", "a red fox")]
    [InlineData("画\u3000山水", "山水")]
    [InlineData("画", "")]
    [InlineData("画图", "")]
    [InlineData("画 ", "")]
    public void APrefix_AsksForADrawing(string text, string prompt) =>
        TextIntents.DrawPrompt(text.Trim(), Prefixes).ShouldBe(prompt);

    [Theory]
    [InlineData("画家梵高是谁")]
    [InlineData("画画有什么技巧")]
    [InlineData("/drawing tips")]
    [InlineData("怎么画猫")]
    [InlineData("draw a cat")]
    public void AnythingElse_IsNoDrawing(string text) =>
        TextIntents.DrawPrompt(text, Prefixes).ShouldBeNull();
}

public sealed class PromptPictureTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly ChatPicture Photo = new("image/jpeg", [1, 2, 3]);

    [Fact]
    public void APhoto_GoesWithItsOwnQuestion_AndTheNextFollowUps_ThenDropsOut()
    {
        var conversation = new Conversation("o", template: null, topic: null, Now);
        var photoTurn = conversation.Record("k0", "看图", "一朵花", Now, Now).WithPicture(7, drawn: false);
        var carried = new Dictionary<long, ChatPicture> { [7] = Photo };
        List<Turn> history = [photoTurn];

        PromptBuilder.PicturesToCarry(history, followUpTurns: 2).ShouldBe([7]);
        var first = PromptBuilder.Build("s", history, "什么花", 20, 10_000, null, carried, followUpTurns: 2);
        first.Messages[1].Pictures.ShouldBe([Photo]);
        first.HasPictures.ShouldBeTrue();

        history.Add(conversation.Record("k1", "什么花", "玫瑰", Now, Now));
        PromptBuilder.Build("s", history, "送人吗", 20, 10_000, null, carried, followUpTurns: 2).Messages[1].Pictures.ShouldBe([Photo]);

        history.Add(conversation.Record("k2", "送人吗", "可以", Now, Now));
        PromptBuilder.PicturesToCarry(history, followUpTurns: 2).ShouldBeEmpty();
        PromptBuilder.Build("s", history, "第三个", 20, 10_000, null, carried, followUpTurns: 2).HasPictures.ShouldBeFalse();
    }

    [Fact]
    public void ADrawnImage_IsNeverSentToTheChatModel()
    {
        var conversation = new Conversation("o", template: null, topic: null, Now);
        List<Turn> history = [conversation.Record("k0", "画 猫", "[已发送一张图片：猫]", Now, Now).WithPicture(9, drawn: true)];

        PromptBuilder.PicturesToCarry(history, followUpTurns: 2).ShouldBeEmpty();
        PromptBuilder.Build("s", history, "再来", 20, 10_000, null, new Dictionary<long, ChatPicture> { [9] = Photo }, 2).HasPictures.ShouldBeFalse();
    }

    [Fact]
    public void APicture_CountsAgainstTheTokenBudget()
    {
        var prompt = PromptBuilder.Build("s", [], "q", 20, PromptBuilder.PictureTokens - 1, Photo, null, 2);

        prompt.Messages[^1].Pictures.ShouldBe([Photo], "the question's own photo always goes");
        var conversation = new Conversation("o", template: null, topic: null, Now);
        List<Turn> history = [conversation.Record("k0", "看图", "花", Now, Now).WithPicture(7, drawn: false)];
        PromptBuilder.Build("s", history, "q", 20, PromptBuilder.PictureTokens, null, new Dictionary<long, ChatPicture> { [7] = Photo }, 2)
            .Messages.Count.ShouldBe(2, "a turn whose photo does not fit in the budget is dropped like any older turn");
    }
}
