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

    /// <summary>Answer by voice even when the follower types (the "语音开" command).</summary>
    public bool VoiceReplies { get; private set; }

    /// <summary>Customer-service messages sent since the follower's latest message (WeChat allows 5 within 48 h).</summary>
    public int ServiceMessagesSent { get; private set; }

    /// <summary>A message from the follower: they are active, and WeChat's customer-service window restarts.</summary>
    public void Touch(DateTimeOffset now)
    {
        if (now > LastActiveAt)
        {
            LastActiveAt = now;
        }

        ServiceMessagesSent = 0;
    }

    public void SetVoiceReplies(bool enabled) => VoiceReplies = enabled;

    /// <summary>Whether WeChat still accepts a customer-service message to this follower now.</summary>
    public bool CanReceiveServiceMessage(DateTimeOffset now, int quota, TimeSpan window) =>
        IsSubscribed && now - LastActiveAt < window && ServiceMessagesSent < quota;

    public void ServiceMessageSent() => ServiceMessagesSent++;

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
