namespace WeChatGpt.Domain.Followers;

/// <summary>Someone who wrote to (or followed) the account, known by their OpenID.</summary>
public sealed class Follower
{
    private Follower()
    {
        OpenId = string.Empty;
    }

    public Follower(string openId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(openId);
        OpenId = openId;
        FirstSeenAt = now;
        LastActiveAt = now;
        IsSubscribed = true;
    }

    public string OpenId { get; private set; }

    public DateTimeOffset FirstSeenAt { get; private set; }

    public DateTimeOffset LastActiveAt { get; private set; }

    public bool IsSubscribed { get; private set; }

    /// <summary>The QR scene of the latest follow, if it came from a parametric QR code.</summary>
    public string? SubscribeScene { get; private set; }

    public DateTimeOffset? UnsubscribedAt { get; private set; }

    public void Touch(DateTimeOffset now)
    {
        if (now > LastActiveAt)
        {
            LastActiveAt = now;
        }
    }

    public void Subscribe(DateTimeOffset now, string? scene)
    {
        IsSubscribed = true;
        SubscribeScene = scene;
        UnsubscribedAt = null;
        Touch(now);
    }

    public void Unsubscribe(DateTimeOffset now)
    {
        IsSubscribed = false;
        UnsubscribedAt = now;
        Touch(now);
    }
}
