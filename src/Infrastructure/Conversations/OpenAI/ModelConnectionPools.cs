namespace WeChatGpt.Infrastructure.Conversations.OpenAI;

/// <summary>
/// The model's connections, spread over several pools. A <see cref="System.Net.Http.SocketsHttpHandler"/> opens at most one
/// HTTP/2 connection at a time per server and lets every request beyond the open connections' streams wait for it; a crowd
/// of 10,000 answers needs ~100 connections (~100 streams each), and on a loaded machine opening them one after another
/// took 10–15 s — the answers' whole window. <see cref="Count"/> pools open theirs side by side. Over HTTP/1.1 together
/// they keep <see cref="OpenAIOptions.MaxConnections"/>; over HTTP/2 .NET sets no limit on a pool's connections.
/// </summary>
internal static class ModelConnectionPools
{
    /// <summary>Pools at most (each one HTTP/2 connection being opened at a time).</summary>
    public const int Most = 16;

    /// <summary>Pools in use: <see cref="Most"/>, fewer when <paramref name="maxConnections"/> cannot give each one a connection.</summary>
    public static int Count(int maxConnections) => Math.Clamp(maxConnections, 1, Most);

    /// <summary>The named client of pool <paramref name="index"/>; pool 0 is <see cref="OpenAIChatModel.HttpClientName"/>, which other model calls share.</summary>
    public static string Name(int index) => index == 0 ? OpenAIChatModel.HttpClientName : $"{OpenAIChatModel.HttpClientName}-{index}";

    /// <summary>Connections pool <paramref name="index"/> may hold: its share of <paramref name="maxConnections"/> (0 for a pool not in use).</summary>
    public static int ConnectionsOf(int index, int maxConnections)
    {
        var count = Count(maxConnections);
        if (index >= count)
        {
            return 0;
        }

        var total = Math.Max(1, maxConnections);
        return (total / count) + (index < total % count ? 1 : 0);
    }
}
