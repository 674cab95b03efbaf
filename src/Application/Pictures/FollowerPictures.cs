using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Voice;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Pictures;
using WeChatGpt.Domain.Voice;

namespace WeChatGpt.Application.Pictures;

/// <summary>
/// Pictures in and out. In: a follower's photo fetched from WeChat, checked (type by its bytes, size), scaled
/// to the model's budget and kept. Out: a drawn image made fit for WeChat (JPG/PNG, ≤ 10 MB for temporary
/// image media), kept, uploaded as temporary media and recorded for the media bookkeeping.
/// </summary>
public sealed class FollowerPictures(
    IPictureSource source,
    IPictureCodec codec,
    IPictureStore store,
    IWeChatApi api,
    IMediaStore media,
    IOptionsMonitor<VisionOptions> vision,
    WeChatGptMetrics metrics,
    TimeProvider clock)
{
    /// <summary>WeChat's limit of temporary image media (wechat-protocol.md §7).</summary>
    public const long WeChatImageBytes = 10 * 1024 * 1024;

    /// <summary>The longer side of an image sent to WeChat (larger is scaled down: phones show no more).</summary>
    public const int WeChatImageSide = 2048;

    private static readonly string[] ModelFormats = ["image/jpeg", "image/png", "image/gif", "image/webp"];
    private static readonly string[] WeChatFormats = ["image/jpeg", "image/png"];

    /// <summary>The photo of message <paramref name="key"/>, stored (its id), as the model is given it.</summary>
    /// <exception cref="PictureRejectedException">Not an image, too large, or not to be fetched.</exception>
    public async Task<(long Id, EncodedPicture Picture)> ReceiveAsync(MessageKey key, string openId, string? mediaId, string? picUrl, CancellationToken cancellationToken)
    {
        var settings = vision.CurrentValue;
        var content = await source.FetchAsync(mediaId, picUrl, settings.MaxBytes, cancellationToken);
        // The codec tells the type by the first bytes and refuses anything but JPEG, PNG, GIF and WebP.
        var fitted = codec.Fit(content, settings.MaxSide, settings.MaxModelBytes, ModelFormats);
        var picture = new Picture(openId, key.Value, PictureDirection.In, fitted.ContentType, fitted.Content, fitted.Width, fitted.Height, clock.GetUtcNow());
        var id = await store.AddAsync(picture, cancellationToken);
        metrics.Picture(PictureDirection.In);
        return (id, fitted);
    }

    /// <summary>A drawn image made fit for WeChat, stored, and uploaded as temporary media.</summary>
    /// <returns>The stored picture's id and its media id.</returns>
    /// <exception cref="PictureRejectedException">Not an image that can be made fit.</exception>
    public async Task<(long PictureId, string MediaId)> SendableAsync(MessageKey key, string openId, byte[] drawn, CancellationToken cancellationToken)
    {
        var fitted = codec.Fit(drawn, WeChatImageSide, WeChatImageBytes, WeChatFormats);
        var now = clock.GetUtcNow();
        var picture = new Picture(openId, key.Value, PictureDirection.Out, fitted.ContentType, fitted.Content, fitted.Width, fitted.Height, now);
        var id = await store.AddAsync(picture, cancellationToken);
        var fileName = "drawing" + PictureFormat.Extension(fitted.ContentType);
        var mediaId = await api.UploadTemporaryImageAsync(fitted.Content, fileName, cancellationToken);
        await store.SetMediaIdAsync(id, mediaId, CancellationToken.None);
        await media.AddAsync(new MediaRecord(mediaId, MediaKind.Temporary, "image", openId, fitted.Content.Length, localFile: null, now), CancellationToken.None);
        metrics.Picture(PictureDirection.Out);
        return (id, mediaId);
    }
}
