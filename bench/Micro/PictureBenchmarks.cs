using BenchmarkDotNet.Attributes;
using SkiaSharp;
using WeChatGpt.Infrastructure.Pictures;

namespace WeChatGpt.Bench.Micro;

/// <summary>
/// What looking at a photo costs before the model sees it: a 12-megapixel phone photo (4032 x 3024 JPEG) scaled to
/// the model's 1536 px, a photo already within budget (kept as it is), and a drawn 1024 px PNG made fit for WeChat.
/// </summary>
[MemoryDiagnoser]
public class PictureBenchmarks
{
    private static readonly string[] ModelFormats = ["image/jpeg", "image/png", "image/gif", "image/webp"];
    private static readonly string[] WeChatFormats = ["image/jpeg", "image/png"];
    private readonly SkiaPictureCodec _codec = new();
    private byte[] _phonePhoto = [];
    private byte[] _smallPhoto = [];
    private byte[] _drawing = [];

    [GlobalSetup]
    public void Setup()
    {
        _phonePhoto = Photo(4032, 3024, SKEncodedImageFormat.Jpeg);
        _smallPhoto = Photo(1080, 810, SKEncodedImageFormat.Jpeg);
        _drawing = Photo(1024, 1024, SKEncodedImageFormat.Png);
    }

    [Benchmark]
    public int PhonePhotoForTheModel() => _codec.Fit(_phonePhoto, 1536, 1536 * 1024, ModelFormats).Content.Length;

    [Benchmark]
    public int SmallPhotoForTheModel() => _codec.Fit(_smallPhoto, 1536, 1536 * 1024, ModelFormats).Content.Length;

    [Benchmark]
    public int DrawingForWeChat() => _codec.Fit(_drawing, 2048, 10 * 1024 * 1024, WeChatFormats).Content.Length;

    /// <summary>A photo-like picture: gradients and noise (so that JPEG has real work), of the given size.</summary>
    private static byte[] Photo(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.DarkOliveGreen, SKColors.LightSkyBlue, SKColors.Coral], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, paint);
            var random = new Random(1);
            using var dot = new SKPaint();
            for (var i = 0; i < width * height / 50; i++)
            {
                dot.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 90);
                canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(1, 4), dot);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
