using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WeChatGpt.Application.Protection;

/// <summary>
/// WeChat's callback addresses (single IPs and CIDR ranges) as the webhook checks them: read from the last
/// good list in the database and cached for a minute (a refresh in this process clears the cache at once).
/// An empty list never locks everyone out, and never opens silently: the request passes and a warning is
/// logged (at most every few minutes).
/// </summary>
public sealed class CallbackIpAllowList(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CallbackIpAllowList> logger) : IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan WarnEvery = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;

    public async ValueTask<SourceCheck> CheckAsync(IPAddress? address, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        if (snapshot.Networks.Count == 0)
        {
            var now = clock.GetUtcNow();
            if (now - _lastWarning >= WarnEvery)
            {
                _lastWarning = now;
                logger.LogWarning("WeChat:VerifySourceIp is on but no callback IP list has been fetched yet: POSTs to /wechat are not source-checked");
            }

            return SourceCheck.Unverified;
        }

        if (address is null)
        {
            return SourceCheck.Refused;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in snapshot.Networks)
        {
            if (network.Contains(address))
            {
                return SourceCheck.Allowed;
            }
        }

        return SourceCheck.Refused;
    }

    public void Dispose() => _loading.Dispose();

    /// <summary>Forgets the cached list: the next check reads the database.</summary>
    public void Invalidate() => _snapshot = null;

    /// <summary>An IP (a one-address range) or a CIDR range, IPv4 or IPv6.</summary>
    public static bool TryParseRange(string value, out IPNetwork network)
    {
        var text = value.Trim();
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < CacheFor)
        {
            return snapshot;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < CacheFor)
            {
                return snapshot;
            }

            await using var scope = scopes.CreateAsyncScope();
            var ranges = await scope.ServiceProvider.GetRequiredService<ICallbackIpStore>().GetAsync(cancellationToken);
            var networks = new List<IPNetwork>(ranges.Count);
            foreach (var range in ranges)
            {
                if (TryParseRange(range, out var network))
                {
                    networks.Add(network);
                }
                else
                {
                    logger.LogWarning("Ignoring a callback address WeChat sent that is neither an IP nor a CIDR range");
                }
            }

            snapshot = new Snapshot(networks, clock.GetUtcNow());
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Snapshot(IReadOnlyList<IPNetwork> Networks, DateTimeOffset LoadedAt);
}

public enum SourceCheck
{
    Allowed,
    Refused,

    /// <summary>No list yet: let through, with a warning.</summary>
    Unverified,
}
