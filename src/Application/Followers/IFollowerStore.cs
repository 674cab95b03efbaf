using WeChatGpt.Domain.Followers;

namespace WeChatGpt.Application.Followers;

/// <param name="VoiceReplies">The follower turned voice replies on ("语音开").</param>
public sealed record FollowerSettings(bool VoiceReplies);

public interface IFollowerStore
{
    Task<Follower?> FindAsync(string openId, CancellationToken cancellationToken);

    /// <summary>Creates the follower if new and marks them active now; says whether they asked for voice replies.</summary>
    Task<FollowerSettings> TouchAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken);

    Task SubscribedAsync(string openId, string? scene, DateTimeOffset now, CancellationToken cancellationToken);

    Task UnsubscribedAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken);

    Task SetVoiceRepliesAsync(string openId, bool enabled, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts a customer-service message sent to the follower.</summary>
    Task ServiceMessageSentAsync(string openId, CancellationToken cancellationToken);
}
