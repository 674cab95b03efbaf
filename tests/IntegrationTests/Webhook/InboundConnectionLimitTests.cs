using System.Net;
using System.Net.Sockets;
using System.Text;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Webhook;

/// <summary>
/// The real process on a real socket: beyond <c>Server:MaxConnections</c> the service accepts no connection — it waits
/// in the kernel's listen queue — so that a crowd's sockets never take the files the model, the database and the
/// runtime need; the connections within the limit are served, and a waiting one is served as soon as a place frees.
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class InboundConnectionLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AConnectionBeyondTheLimit_WaitsUnaccepted_AndIsServedWhenAPlaceFrees()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        var settings = ServiceProcess.SqliteSettings(model, "limit");
        settings["Server:MaxConnections"] = "2";
        await using var service = await ServiceProcess.StartAsync(settings, Ct);

        using var first = await ConnectAsync(service.Address);
        using var second = await ConnectAsync(service.Address);
        (await GetHealthAsync(first)).ShouldStartWith("HTTP/1.1 200");
        (await GetHealthAsync(second)).ShouldStartWith("HTTP/1.1 200");

        // Both places are held (kept alive): a third connection is queued by the kernel, and the service does not take it.
        using var third = await ConnectAsync(service.Address);
        await third.SendAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"), Ct);
        third.Poll(TimeSpan.FromSeconds(2), SelectMode.SelectRead).ShouldBeFalse("no answer and no close while both places are held");
        AcceptedConnections(service.ProcessId, service.Address.Port).ShouldBe(2, "the service holds no socket beyond its limit");

        // A place frees: the waiting connection is accepted and its request answered.
        first.Dispose();
        (await ReceiveAsync(third)).ShouldStartWith("HTTP/1.1 200");
        (await GetHealthAsync(second)).ShouldStartWith("HTTP/1.1 200");
    }

    /// <summary>The inbound connections the process holds a socket of (its accepted ones; the kernel's queue not counted).</summary>
    private static int AcceptedConnections(int processId, int port)
    {
        var inbound = new HashSet<string>();
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st ... inode: the local port in hex after the colon; 0A is the listener.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (Convert.ToInt32(fields[1].Split(':')[1], 16) == port && fields[3] != "0A")
            {
                inbound.Add($"socket:[{fields[9]}]");
            }
        }

        return new DirectoryInfo($"/proc/{processId}/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget is { } target && inbound.Contains(target));
    }

    private static async Task<Socket> ConnectAsync(Uri address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, address.Port), Ct);
        return socket;
    }

    /// <summary>One keep-alive request; the response's head, or empty when the service closed the connection.</summary>
    private static async Task<string> GetHealthAsync(Socket socket)
    {
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"), Ct);
            return await ReceiveAsync(socket);
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }

    /// <summary>What arrives within 10 s; empty when the service closed the connection.</summary>
    private static async Task<string> ReceiveAsync(Socket socket)
    {
        try
        {
            var buffer = new byte[4096];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var n = await socket.ReceiveAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, n);
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }
}
