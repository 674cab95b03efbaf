using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WeChatGpt.Bench;

/// <summary>
/// One delivery as WeChat makes it, with WeChat's 5-second hang-up kept on time. The driver shares two cores with the
/// app it crowds: a hang-up left to thread-pool timers and <see cref="HttpClient"/> cancellation came up to 1–2.5 s
/// late, and a reply that had reached the driver's socket in time was then thrown away (the follower would have seen
/// it). Here a dedicated thread hangs up at the deadline — unless the reply is already waiting in the socket, which
/// is what WeChat would have read — and the request is plain HTTP/1.1 on a socket of its own (cheaper than
/// <see cref="HttpClient"/>, which leaves more of the machine to the app).
/// </summary>
internal sealed class PreciseDelivery : IDisposable
{
    private readonly PriorityQueue<Pending, long> _due = new();
    private readonly object _lock = new();
    private readonly Thread _thread;
    private bool _stopped;

    public PreciseDelivery()
    {
        _thread = new Thread(HangUpOnTime) { IsBackground = true, Name = "WeChat's hang-ups" };
        _thread.Start();
    }

    /// <summary>How late the hang-ups were (seconds past their deadline, as this thread saw them).</summary>
    public System.Collections.Concurrent.ConcurrentBag<double> Lateness { get; } = [];

    /// <summary>The reply (status and body), or null when the driver hung up first (no reply within <paramref name="timeout"/>).</summary>
    public async Task<(int Status, string Body)?> PostAsync(Uri url, string pathAndQuery, string body, TimeSpan timeout)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var pending = new Pending(socket);
        lock (_lock)
        {
            _due.Enqueue(pending, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
            Monitor.PulseAll(_lock);
        }

        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(url.Host), url.Port));
            var content = Encoding.UTF8.GetBytes(body);
            var head = Encoding.ASCII.GetBytes(
                $"POST {pathAndQuery} HTTP/1.1\r\nHost: {url.Host}:{url.Port}\r\nContent-Type: text/xml\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
            await socket.SendAsync(head.Concat(content).ToArray());
            return await ReadResponseAsync(socket);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException && pending.HungUp)
        {
            return null;
        }
        finally
        {
            pending.Finish();
        }
    }

    private static async Task<(int Status, string Body)?> ReadResponseAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer);
            if (n == 0)
            {
                break;
            }

            received.Write(buffer, 0, n);
            if (Parse(received.GetBuffer().AsSpan(0, (int)received.Length)) is { } complete)
            {
                return complete;
            }
        }

        return Parse(received.GetBuffer().AsSpan(0, (int)received.Length), atEnd: true)
            ?? throw new SocketException((int)SocketError.ConnectionReset);
    }

    /// <summary>A whole response (status line, headers, a Content-Length body), or null while more is to come.</summary>
    private static (int Status, string Body)? Parse(ReadOnlySpan<byte> data, bool atEnd = false)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(data[..end]);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var lengthLine = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var bodyStart = end + 4;
        if (lengthLine is null)
        {
            return atEnd ? (status, Encoding.UTF8.GetString(data[bodyStart..])) : null;
        }

        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return data.Length - bodyStart >= length ? (status, Encoding.UTF8.GetString(data.Slice(bodyStart, length))) : null;
    }

    private void HangUpOnTime()
    {
        while (true)
        {
            Pending next;
            double late;
            lock (_lock)
            {
                while (true)
                {
                    if (_stopped)
                    {
                        return;
                    }

                    if (_due.TryPeek(out var first, out var at))
                    {
                        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at);
                        if (wait <= TimeSpan.Zero)
                        {
                            next = _due.Dequeue();
                            late = -wait.TotalSeconds;
                            break;
                        }

                        Monitor.Wait(_lock, wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
                    }
                    else
                    {
                        Monitor.Wait(_lock);
                    }
                }
            }

            if (next.HangUpUnlessAnswered())
            {
                Lateness.Add(late);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            Monitor.PulseAll(_lock);
        }
    }

    private sealed class Pending(Socket socket)
    {
        private readonly Lock _lock = new();
        private bool _finished;

        public bool HungUp { get; private set; }

        /// <summary>
        /// At the deadline: a reply already in the socket was in time (WeChat would read it); otherwise close. True
        /// when it hung up.
        /// </summary>
        public bool HangUpUnlessAnswered()
        {
            lock (_lock)
            {
                if (_finished)
                {
                    return false;
                }

                try
                {
                    if (socket.Connected && socket.Available > 0)
                    {
                        return false;
                    }
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }

                HungUp = true;
                socket.Dispose();
                return true;
            }
        }

        public void Finish()
        {
            lock (_lock)
            {
                _finished = true;
                socket.Dispose();
            }
        }
    }
}
