using WeChatGpt.Domain.Pictures;

namespace WeChatGpt.Application.Pictures;

/// <summary>Pictures in our own storage.</summary>
public interface IPictureStore
{
    /// <summary>Stores a picture; returns its id.</summary>
    Task<long> AddAsync(Picture picture, CancellationToken cancellationToken);

    Task<Picture?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>The pictures of these ids that exist.</summary>
    Task<IReadOnlyList<Picture>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    Task SetMediaIdAsync(long id, string mediaId, CancellationToken cancellationToken);
}

/// <summary>Gets the file of a follower's photo from WeChat: its media (<c>/cgi-bin/media/get</c>), else its <c>PicUrl</c> on WeChat's own hosts.</summary>
public interface IPictureSource
{
    /// <exception cref="PictureRejectedException">Not to be fetched, or larger than allowed.</exception>
    Task<byte[]> FetchAsync(string? mediaId, string? picUrl, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>Decodes, scales and re-encodes pictures (a well-kept native library: Skia).</summary>
public interface IPictureCodec
{
    /// <summary>
    /// The picture within <paramref name="maxSide"/> pixels on its longer side and <paramref name="maxBytes"/> bytes:
    /// as it is when it already fits, otherwise scaled down (and re-encoded as JPEG when still too large or when it
    /// is not one of <paramref name="keep"/>'s formats). An animated GIF becomes its first frame when it must change.
    /// </summary>
    /// <exception cref="PictureRejectedException">Not a decodable JPEG, PNG, GIF or WebP image.</exception>
    EncodedPicture Fit(byte[] content, int maxSide, long maxBytes, IReadOnlyCollection<string> keep);
}

/// <summary>A picture ready to use: its bytes, what they are, and its size in pixels.</summary>
public sealed record EncodedPicture(byte[] Content, string ContentType, int Width, int Height);

/// <summary>An OpenAI-compatible <c>/images/generations</c>.</summary>
public interface IImageModel
{
    /// <exception cref="ImageModelException">The image could not be drawn.</exception>
    Task<GeneratedImage> GenerateAsync(string prompt, CancellationToken cancellationToken);
}

/// <param name="RevisedPrompt">How the model rewrote the prompt, when it says (DALL·E 3).</param>
public sealed record GeneratedImage(byte[] Content, string? RevisedPrompt);

/// <summary>A picture that cannot be used: not an image, too large, or not to be fetched. Its message is safe to log.</summary>
public sealed class PictureRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The image model failed. The message is safe to log: no keys, no prompt.</summary>
public sealed class ImageModelException(string message, Exception? inner = null) : Exception(message, inner);
