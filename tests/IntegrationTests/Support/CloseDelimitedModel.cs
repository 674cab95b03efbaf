using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// An OpenAI-compatible chat endpoint on a raw socket that answers with a close-delimited body (HTTP/1.1 200,
/// <c>Connection: close</c>, neither a length nor chunking — the body ends when the connection does) and closes
/// the connection half-way through its stream: to the client, an end like any other.
/// </summary>
public sealed class CloseDelimitedModel : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public CloseDelimitedModel(string answer, int chunksBeforeClose)
    {
        _listener.Start();
        _loop = Task.Run(() => AcceptAsync(answer, chunksBeforeClose));
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");

    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptAsync(string answer, int chunksBeforeClose)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client, answer, chunksBeforeClose));
        }
    }

    private async Task ServeAsync(TcpClient client, string answer, int chunksBeforeClose)
    {
        using (client)
        {
            var stream = client.GetStream();
            await ReadRequestAsync(stream);
            Interlocked.Increment(ref _requests);
            var head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            var pieces = answer.Chunk(Math.Max(1, answer.Length / (chunksBeforeClose * 2))).Select(c => new string(c)).ToList();
            for (var i = 0; i < Math.Min(chunksBeforeClose, pieces.Count); i++)
            {
                var chunk = new { id = "chatcmpl-cut", @object = "chat.completion.chunk", created = 1_700_000_000, model = "fake-model", choices = new[] { new { index = 0, delta = new { content = pieces[i] }, finish_reason = (string?)null } } };
                await stream.WriteAsync(Encoding.UTF8.GetBytes("data: " + JsonSerializer.Serialize(chunk) + "\n\n"));
                await stream.FlushAsync();
            }
        }
    }

    /// <summary>Reads the request's head and its Content-Length body.</summary>
    private static async Task ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer) && await stream.ReadAsync(one) == 1)
        {
            buffer.Add(one[0]);
        }

        var head = Encoding.ASCII.GetString([.. buffer]);
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
