using System.Net;
using System.Net.Sockets;
using System.Text;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Webhook;

/// <summary>
/// The real process on a real socket: beyond <c>Server:MaxConnections</c> a connection is closed at once (WeChat
/// delivers again), so that a crowd's sockets never take the files the model, the database and the runtime need;
/// the connections within the limit are served, and a freed place is taken again.
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class InboundConnectionLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AConnectionBeyondTheLimit_IsClosedAtOnce_AndThoseWithinAreServed()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        var settings = ServiceProcess.SqliteSettings(model, "limit");
        settings["Server:MaxConnections"] = "2";
        await using var service = await ServiceProcess.StartAsync(settings, Ct);

        using var first = await ConnectAsync(service.Address);
        using var second = await ConnectAsync(service.Address);
        (await GetHealthAsync(first)).ShouldStartWith("HTTP/1.1 200");
        (await GetHealthAsync(second)).ShouldStartWith("HTTP/1.1 200");

        // Both places are held (kept alive): a third connection is accepted by the kernel and closed by the service.
        using (var third = await ConnectAsync(service.Address))
        {
            (await GetHealthAsync(third)).ShouldBeEmpty();
        }

        first.Dispose();
        var served = false;
        for (var attempt = 0; attempt < 150 && !served; attempt++)
        {
            // The freed place is counted free once the service has seen the close: a moment.
            using var again = await ConnectAsync(service.Address);
            served = (await GetHealthAsync(again)).StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
            if (!served)
            {
                await Task.Delay(100, Ct);
            }
        }

        served.ShouldBeTrue();
        (await GetHealthAsync(second)).ShouldStartWith("HTTP/1.1 200");
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
