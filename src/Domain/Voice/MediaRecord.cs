namespace WeChatGpt.Domain.Voice;

/// <summary>
/// One upload to WeChat (a synthesized voice reply): what it is, when it expires, whether it was
/// delivered, and whether it has been removed. Permanent material is deleted once delivered plus a grace period.
/// </summary>
public sealed class MediaRecord
{
    /// <summary>WeChat keeps temporary media for 3 days.</summary>
    public static readonly TimeSpan TemporaryLifetime = TimeSpan.FromDays(3);

    private MediaRecord()
    {
        MediaId = string.Empty;
        MediaType = string.Empty;
        OpenId = string.Empty;
    }

    public MediaRecord(string mediaId, MediaKind kind, string mediaType, string openId, long sizeBytes, string? localFile, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaId);
        MediaId = mediaId;
        Kind = kind;
        MediaType = mediaType;
        OpenId = openId;
        SizeBytes = sizeBytes;
        LocalFile = localFile;
        CreatedAt = now;
        ExpiresAt = kind == MediaKind.Temporary ? now + TemporaryLifetime : null;
    }

    public long Id { get; private set; }

    public string MediaId { get; private set; }

    public MediaKind Kind { get; private set; }

    public string MediaType { get; private set; }

    public string OpenId { get; private set; }

    public long SizeBytes { get; private set; }

    /// <summary>The local file it was uploaded from (removed by the temp-file cleanup).</summary>
    public string? LocalFile { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public void Delivered(DateTimeOffset now) => DeliveredAt ??= now;

    public void Deleted(DateTimeOffset now) => DeletedAt ??= now;

    /// <summary>Permanent material that was delivered more than <paramref name="grace"/> ago and still exists.</summary>
    public bool IsDueForDeletion(DateTimeOffset now, TimeSpan grace) =>
        Kind == MediaKind.Permanent && DeletedAt is null && DeliveredAt is { } delivered && now - delivered >= grace;

    /// <summary>Temporary media WeChat has already dropped.</summary>
    public bool HasExpired(DateTimeOffset now) => Kind == MediaKind.Temporary && ExpiresAt is { } expires && now >= expires;
}
