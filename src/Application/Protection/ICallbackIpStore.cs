namespace WeChatGpt.Application.Protection;

/// <summary>The last good list of WeChat's callback addresses (IPs and CIDR ranges).</summary>
public interface ICallbackIpStore
{
    Task<IReadOnlyList<string>> GetAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the list (only with a non-empty one: an empty answer never locks everyone out).</summary>
    Task ReplaceAsync(IReadOnlyList<string> ranges, DateTimeOffset now, CancellationToken cancellationToken);
}
