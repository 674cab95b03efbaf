using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;

namespace WeChatGpt.WebApi.WeChat;

/// <summary>
/// Whether WeChat is still there to take a reply. <see cref="HttpContext.RequestAborted"/> fires when Kestrel's
/// receive loop reads the hang-up, which on a machine crushed by a crowd can be seconds after the kernel got it; a
/// reply handed out meanwhile goes to a socket nobody reads, yet would count as one that showed the answer. The
/// kernel knows at once: a socket that polls readable with nothing to read has been closed by its peer.
/// </summary>
public static class PeerConnection
{
    /// <summary>True when the client has closed (or reset) the connection, as the kernel sees it now.</summary>
    public static bool HasHungUp(HttpContext context) =>
        context.RequestAborted.IsCancellationRequested || HasHungUp(context.Features.Get<IConnectionSocketFeature>()?.Socket);

    /// <summary>
    /// A socket readable with no byte available is at its end (FIN or RST). Bytes waiting (a pipelined request, an
    /// HTTP/2 frame) or no socket at all (an in-memory test host) answer false: only a certain hang-up counts.
    /// </summary>
    public static bool HasHungUp(Socket? socket)
    {
        if (socket is null)
        {
            return false;
        }

        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
