namespace WeChatGpt.Domain.Messaging;

public enum DeliveryState
{
    /// <summary>Seen; its reply is not known yet.</summary>
    Pending = 0,

    /// <summary>The reply is fixed: every further delivery of the key gets it again.</summary>
    Replied = 1,
}
