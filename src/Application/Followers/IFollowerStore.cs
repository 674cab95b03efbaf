using WeChatGpt.Domain.Followers;

namespace WeChatGpt.Application.Followers;

public interface IFollowerStore
{
    Task<Follower?> FindAsync(string openId, CancellationToken cancellationToken);

    /// <summary>Creates the follower if new and marks them active now.</summary>
    Task TouchAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken);

    Task SubscribedAsync(string openId, string? scene, DateTimeOffset now, CancellationToken cancellationToken);

    Task UnsubscribedAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken);

    Task SetVoiceRepliesAsync(string openId, bool enabled, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts a customer-service message sent to the follower.</summary>
    Task ServiceMessageSentAsync(string openId, CancellationToken cancellationToken);
}
