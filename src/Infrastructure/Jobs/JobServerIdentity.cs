using Hangfire.Storage.Monitoring;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>The name this process's Hangfire server registers under (Hangfire adds a unique suffix).</summary>
internal sealed class JobServerIdentity(string name)
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    public string Name { get; } = name;

    public bool IsOurs(ServerDto server) =>
        server.Name.StartsWith(Name.ToLowerInvariant() + ":", StringComparison.OrdinalIgnoreCase)
        || string.Equals(server.Name, Name, StringComparison.OrdinalIgnoreCase);
}
