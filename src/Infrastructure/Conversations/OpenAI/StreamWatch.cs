using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WeChatGpt.Infrastructure.Conversations.OpenAI;

/// <summary>
/// What a model response's server-sent events said beyond the SDK's chunks: whether the stream ended with
/// <c>data: [DONE]</c>, and whether a gateway reported an upstream failure in the stream itself
/// (<c>data: {"error": …}</c> with HTTP 200, as LiteLLM-style gateways do). One per request.
/// </summary>
internal sealed class StreamWatch
{
    private static readonly AsyncLocal<StreamWatch?> CurrentRequest = new();

    public bool Done { get; private set; }

    /// <summary>The HTTP status the in-stream error stands for (its <c>code</c>/<c>status</c>, or told by its type).</summary>
    public int? ErrorStatus { get; private set; }

    /// <summary>The watch of the request about to be sent in this async flow (set by the model, read by the handler).</summary>
    public static StreamWatch? Current
    {
        get => CurrentRequest.Value;
        set => CurrentRequest.Value = value;
    }

    /// <summary>One <c>data:</c> line's payload.</summary>
    public void Data(ReadOnlySpan<char> payload)
    {
        payload = payload.Trim();
        if (payload.SequenceEqual("[DONE]"))
        {
            Done = true;
            return;
        }

        if (!payload.StartsWith("{") || payload.IndexOf("\"error\"", StringComparison.Ordinal) < 0)
        {
            return;
        }

        try
        {
            using var json = JsonDocument.Parse(payload.ToString());
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                ErrorStatus = StatusOf(error);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the SDK will say so.
        }
    }

    private static int StatusOf(JsonElement error)
    {
        foreach (var name in new[] { "code", "status", "status_code" })
        {
            if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var value))
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number is >= 400 and < 600)
                {
                    return number;
                }

                if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), out var parsed) && parsed is >= 400 and < 600)
                {
                    return parsed;
                }
            }
        }

        var type = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? string.Empty : string.Empty;
        return type switch
        {
            _ when type.Contains("rate_limit", StringComparison.OrdinalIgnoreCase) => 429,
            _ when type.Contains("auth", StringComparison.OrdinalIgnoreCase) || type.Contains("invalid_api_key", StringComparison.OrdinalIgnoreCase) => 401,
            _ => 502,
        };
    }
}

/// <summary>Tees a model response's body into its <see cref="StreamWatch"/> as the SDK reads it.</summary>
internal sealed class StreamWatchHandler(IOptionsMonitor<OpenAIOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The SDK builds its requests as HTTP/1.1: offer HTTP/2 (negotiated over TLS; over plain http only when told).
        switch (options.CurrentValue.Http2)
        {
            case ModelHttp2.Auto when request.RequestUri?.Scheme == Uri.UriSchemeHttps:
                request.Version = System.Net.HttpVersion.Version20;
                request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
                break;
            case ModelHttp2.Always:
                request.Version = System.Net.HttpVersion.Version20;
                request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
                break;
        }

        var watch = StreamWatch.Current;
        var response = await base.SendAsync(request, cancellationToken);
        if (watch is not null && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            var inner = await response.Content.ReadAsStreamAsync(cancellationToken);
            var content = new StreamContent(new WatchedStream(inner, watch));
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = content;
        }

        return response;
    }

    private sealed class WatchedStream(Stream inner, StreamWatch watch) : Stream
    {
        private readonly StringBuilder _line = new();
        private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Watch(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Watch(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>Feeds what was read to the line scanner; returns how many bytes were read.</summary>
        private int Watch(ReadOnlySpan<byte> read)
        {
            var count = read.Length;
            Span<char> chars = stackalloc char[Encoding.UTF8.GetMaxCharCount(1024)];
            while (!read.IsEmpty)
            {
                var piece = read[..Math.Min(read.Length, 1024)];
                read = read[piece.Length..];
                var n = _utf8.GetChars(piece, chars, flush: false);
                foreach (var c in chars[..n])
                {
                    if (c == '\n')
                    {
                        Line();
                    }
                    else if (_line.Length < 64 * 1024)
                    {
                        _line.Append(c);
                    }
                }
            }

            return count;
        }

        private void Line()
        {
            var line = _line.ToString().TrimEnd('\r');
            _line.Clear();
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                watch.Data(line.AsSpan(5));
            }
        }
    }
}
