using SkiaSharp;
using WeChatGpt.Application.Pictures;

namespace WeChatGpt.Infrastructure.Pictures;

/// <summary>
/// Pictures through Skia (SkiaSharp, the native library Chrome and Android draw with): decoded only after their
/// first bytes said what they are, scaled with a good filter, re-encoded as JPEG when they must change format.
/// </summary>
internal sealed class SkiaPictureCodec : IPictureCodec
{
    /// <summary>A decoded picture this large (pixels) is refused rather than decoded: a "decompression bomb".</summary>
    private const long MaxPixels = 64L * 1024 * 1024;

    private const int JpegQuality = 85;

    public EncodedPicture Fit(byte[] content, int maxSide, long maxBytes, IReadOnlyCollection<string> keep)
    {
        var type = PictureFormat.Sniff(content) ?? throw new PictureRejectedException("not a JPEG, PNG, GIF or WebP image");
        using var codec = SKCodec.Create(new MemoryStream(content, writable: false))
            ?? throw new PictureRejectedException($"{type} that cannot be decoded");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
        {
            throw new PictureRejectedException($"{type} of {info.Width}x{info.Height} pixels");
        }

        var longer = Math.Max(info.Width, info.Height);
        if (longer <= maxSide && content.Length <= maxBytes && keep.Contains(type) && codec.EncodedOrigin == SKEncodedOrigin.TopLeft)
        {
            return new EncodedPicture(content, type, info.Width, info.Height);
        }

        using var bitmap = Decode(codec, type, maxSide);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(bitmap.Width, bitmap.Height));
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var width = Math.Max(1, (int)Math.Round(bitmap.Width * scale));
            var height = Math.Max(1, (int)Math.Round(bitmap.Height * scale));
            using var scaled = scale < 1.0 ? bitmap.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell)) : null;
            var source = scaled ?? bitmap;
            var keepPng = type == "image/png" && keep.Contains("image/png");
            var encoded = Encode(source, keepPng);
            if (encoded.Length <= maxBytes)
            {
                return new EncodedPicture(encoded, keepPng ? "image/png" : "image/jpeg", source.Width, source.Height);
            }

            if (keepPng)
            {
                // A PNG too large as PNG goes as JPEG (photos compress far better so).
                encoded = Encode(source, png: false);
                if (encoded.Length <= maxBytes)
                {
                    return new EncodedPicture(encoded, "image/jpeg", source.Width, source.Height);
                }
            }

            scale *= 0.7;
        }

        throw new PictureRejectedException($"{type} that does not fit in {maxBytes} bytes");
    }

    /// <summary>
    /// Decodes the picture — a JPEG straight at a smaller size (1/2, 1/4, 1/8) when that is still at least
    /// <paramref name="maxSide"/>, which is several times cheaper than decoding a phone's 12 megapixels in full.
    /// </summary>
    private static SKBitmap Decode(SKCodec codec, string type, int maxSide)
    {
        var size = codec.Info.Size;
        var longer = Math.Max(size.Width, size.Height);
        if (longer > maxSide)
        {
            // JPEG decodes at M/8 of its size: the smallest such scale that still covers the target.
            var scaled = codec.GetScaledDimensions((float)(Math.Ceiling(maxSide * 8.0 / longer) / 8.0));
            if (Math.Max(scaled.Width, scaled.Height) >= maxSide && scaled.Width > 0 && scaled.Height > 0)
            {
                size = scaled;
            }
        }

        // Opaque white under transparency: a JPEG has no alpha, and black would hide dark drawings.
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            decoded.Dispose();
            throw new PictureRejectedException($"{type} that cannot be decoded ({result})");
        }

        var flattened = new SKBitmap(info);
        using (var canvas = new SKCanvas(flattened))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawBitmap(decoded, 0, 0);
        }

        decoded.Dispose();
        return Upright(flattened, codec.EncodedOrigin);
    }

    /// <summary>A phone photo's EXIF orientation applied (re-encoding drops the tag, so the pixels must turn).</summary>
    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var degrees = origin switch
        {
            SKEncodedOrigin.BottomRight => 180,
            SKEncodedOrigin.RightTop => 90,
            SKEncodedOrigin.LeftBottom => 270,
            _ => 0,
        };
        if (degrees == 0)
        {
            return bitmap;
        }

        var swap = degrees != 180;
        var turned = new SKBitmap(new SKImageInfo(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(turned))
        {
            canvas.Translate(turned.Width / 2f, turned.Height / 2f);
            canvas.RotateDegrees(degrees);
            canvas.Translate(-bitmap.Width / 2f, -bitmap.Height / 2f);
            canvas.DrawBitmap(bitmap, 0, 0);
        }

        bitmap.Dispose();
        return turned;
    }

    private static byte[] Encode(SKBitmap bitmap, bool png)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, JpegQuality);
        return data.ToArray();
    }
}
