namespace WeChatGpt.Domain.Pictures;

/// <summary>Whose a picture is: a follower's photo the model looked at, or one drawn for a follower.</summary>
public enum PictureDirection
{
    /// <summary>A follower sent it.</summary>
    In = 0,

    /// <summary>It was generated for a follower ("画 …") and sent back.</summary>
    Out = 1,
}

/// <summary>
/// A picture kept in our own storage: the photo a follower sent (as the model was given it, so a follow-up
/// question carries the same bytes), or an image drawn for them. The owner's console shows it from here, never
/// hot-linked from WeChat.
/// </summary>
public sealed class Picture
{
    private Picture()
    {
        OpenId = string.Empty;
        MessageKey = string.Empty;
        ContentType = string.Empty;
        Content = [];
    }

    public Picture(string openId, string messageKey, PictureDirection direction, string contentType, byte[] content, int width, int height, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentNullException.ThrowIfNull(content);
        OpenId = openId;
        MessageKey = messageKey;
        Direction = direction;
        ContentType = contentType;
        Content = content;
        SizeBytes = content.Length;
        Width = width;
        Height = height;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public string OpenId { get; private set; }

    /// <summary>The message it came with (a photo) or answered (a drawing).</summary>
    public string MessageKey { get; private set; }

    public PictureDirection Direction { get; private set; }

    /// <summary><c>image/jpeg</c>, <c>image/png</c>, <c>image/gif</c> or <c>image/webp</c>.</summary>
    public string ContentType { get; private set; }

    public byte[] Content { get; private set; }

    public long SizeBytes { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>The WeChat media id it was uploaded as (a drawing), once uploaded.</summary>
    public string? MediaId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public void Uploaded(string mediaId) => MediaId = mediaId;
}
