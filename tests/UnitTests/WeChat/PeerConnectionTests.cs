using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Shouldly;
using WeChatGpt.WebApi.WeChat;

namespace WeChatGpt.UnitTests.WeChat;

/// <summary>Real loopback sockets: what the kernel says about a client that hung up, before Kestrel reads it.</summary>
public sealed class PeerConnectionTests : IDisposable
{
    private static readonly int Wait = (int)TimeSpan.FromSeconds(5).TotalMicroseconds;

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _server;

    public PeerConnectionTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _client.Connect(_listener.LocalEndPoint!);
        _server = _listener.Accept();
    }

    [Fact]
    public void AClientStillConnected_HasNotHungUp()
    {
        PeerConnection.HasHungUp(_server).ShouldBeFalse();
    }

    [Fact]
    public void AClientThatSentMoreBytes_HasNotHungUp()
    {
        _client.Send("GET / HTTP/1.1\r\n"u8);
        _server.Poll(Wait, SelectMode.SelectRead).ShouldBeTrue("the bytes arrive");

        PeerConnection.HasHungUp(_server).ShouldBeFalse();
    }

    [Fact]
    public void AClientThatClosed_HasHungUp_BeforeAnyoneReadTheEnd()
    {
        _client.Close();
        _server.Poll(Wait, SelectMode.SelectRead).ShouldBeTrue("the FIN arrives");

        PeerConnection.HasHungUp(_server).ShouldBeTrue();
    }

    [Fact]
    public void AClientThatResetTheConnection_HasHungUp()
    {
        _client.LingerState = new LingerOption(enable: true, seconds: 0);
        _client.Close();
        _server.Poll(Wait, SelectMode.SelectRead).ShouldBeTrue("the RST arrives");

        PeerConnection.HasHungUp(_server).ShouldBeTrue();
    }

    [Fact]
    public void ASocketAlreadyDisposed_HasHungUp()
    {
        _server.Dispose();

        PeerConnection.HasHungUp(_server).ShouldBeTrue();
    }

    [Fact]
    public void NoSocket_IsNotTakenForAHangUp_ButAnAbortedRequestIs()
    {
        PeerConnection.HasHungUp((Socket?)null).ShouldBeFalse();
        PeerConnection.HasHungUp(new DefaultHttpContext()).ShouldBeFalse();

        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        PeerConnection.HasHungUp(new DefaultHttpContext { RequestAborted = aborted.Token }).ShouldBeTrue();
    }

    public void Dispose()
    {
        _server.Dispose();
        _client.Dispose();
        _listener.Dispose();
    }
}
