using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WeChatGpt.Application.Conversations;
using AppChatMessage = WeChatGpt.Application.Conversations.ChatMessage;

namespace WeChatGpt.Infrastructure.Conversations.OpenAI;

/// <summary>One piece of a model's stream: text, a finish, the call's token count, an in-stream error, or <c>[DONE]</c>.</summary>
internal readonly record struct ChatChunk(string Text, bool Finish = false, ChatUsage? Usage = null, int? ErrorStatus = null, bool Done = false);

/// <summary>
/// One streaming call of an OpenAI-compatible <c>POST {BaseUrl}/chat/completions</c>, on the wire: the request's JSON
/// written once, the response's server-sent events read as UTF-8 and each <c>data:</c> payload parsed once — in place
/// of the SDK's pipeline, its models and a second scan of the same bytes for <c>[DONE]</c> and in-stream errors (the
/// instant path's second-largest cost). A server that ignores <c>stream</c> and answers one JSON completion is read too.
/// </summary>
internal sealed class ChatCompletionStream : IDisposable
{
    /// <summary>An event (or a JSON body) beyond this is not a model's: the stream is taken for broken.</summary>
    public const int MaxEventBytes = 4 * 1024 * 1024;

    /// <summary>An error body is read this far, only to search it (never logged: some servers echo the key).</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly string[] StatusNames = ["code", "status", "status_code"];
    private static readonly ProductInfoHeaderValue UserAgent = new("WeChatGpt", "1.0");

    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly bool _single;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _start;
    private int _end;
    private bool _ended;
    private readonly ArrayBufferWriter<byte> _event = new();

    private ChatCompletionStream(HttpResponseMessage response, Stream body, bool single)
    {
        _response = response;
        _body = body;
        _single = single;
    }

    /// <summary>The request as OpenAI's chat API takes it: streaming, with the stream's token count asked for.</summary>
    public static HttpRequestMessage Request(Uri baseUrl, string key, string model, IReadOnlyList<AppChatMessage> messages, OpenAIOptions settings)
    {
        var body = new ArrayBufferWriter<byte>(BodyCapacity(model, messages));
        using (var json = new Utf8JsonWriter(body, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            json.WriteStartArray("messages"u8);
            foreach (var message in messages)
            {
                WriteMessage(json, message);
            }

            json.WriteEndArray();
            if (settings.Temperature is { } temperature)
            {
                json.WriteNumber("temperature"u8, temperature);
            }

            if (settings.MaxTokens is { } maxTokens)
            {
                // max_tokens rather than max_completion_tokens: understood by every compatible server.
                json.WriteNumber("max_tokens"u8, maxTokens);
            }

            json.WriteBoolean("stream"u8, true);
            json.WriteStartObject("stream_options"u8);
            json.WriteBoolean("include_usage"u8, true);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(baseUrl))
        {
            Content = new ReadOnlyMemoryContent(body.WrittenMemory) { Headers = { ContentType = Json } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(UserAgent);
        switch (settings.Http2)
        {
            // Over TLS HTTP/2 is offered and used when the endpoint agrees; over plain http only when told (h2c).
            case ModelHttp2.Auto when request.RequestUri!.Scheme == Uri.UriSchemeHttps:
                request.Version = System.Net.HttpVersion.Version20;
                request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
                break;
            case ModelHttp2.Always:
                request.Version = System.Net.HttpVersion.Version20;
                request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
                break;
        }

        return request;
    }

    /// <summary>
    /// The request's bytes are the conversation's: UTF-8 as it is, not each Chinese character as <c>\uXXXX</c> (six bytes
    /// instead of three). Only JSON's own escapes remain (quotes, backslashes, control characters); the body is JSON for an
    /// API, never embedded in a page, so the HTML-sensitive characters need no escaping.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The body's size, near enough to be written into one buffer: a follower's history made it grow by doubling, and
    /// those copies were a quarter of all the bytes the instant path allocated (the largest single source, by
    /// <c>dotnet-trace</c>'s allocation ticks). Escapes beyond the allowance only grow the buffer, as before.
    /// </summary>
    internal static int BodyCapacity(string model, IReadOnlyList<AppChatMessage> messages)
    {
        long bytes = 256 + Encoding.UTF8.GetByteCount(model);
        foreach (var message in messages)
        {
            var text = Encoding.UTF8.GetByteCount(message.Content);
            // Newlines and quotes take two bytes each: an eighth more covers a text's usual share of them.
            bytes += 48 + text + (text / 8);
            foreach (var picture in message.Pictures)
            {
                bytes += 96 + picture.ContentType.Length + (((long)picture.Content.Length + 2) / 3 * 4);
            }
        }

        return (int)Math.Min(bytes, Array.MaxLength);
    }

    /// <summary><c>{BaseUrl}/chat/completions</c>, whether or not the base ends in a slash; its query kept.</summary>
    public static Uri Endpoint(Uri baseUrl)
    {
        var uri = new UriBuilder(baseUrl);
        uri.Path = uri.Path.TrimEnd('/') + "/chat/completions";
        return uri.Uri;
    }

    /// <summary>A successful response's events (or its one JSON completion); the stream owns the response.</summary>
    public static async Task<ChatCompletionStream> OpenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var single = response.Content.Headers.ContentType?.MediaType is "application/json";
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new ChatCompletionStream(response, body, single);
    }

    /// <summary>The start of an error response's body, to be searched (not logged); empty when it cannot be read.</summary>
    public static async Task<string> ErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += n;
            }

            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return string.Empty;
        }
    }

    /// <summary>The wait a 429 asks for: <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
    }

    /// <summary>The next piece, or null at the end of the response. A payload that is not a model's JSON throws <see cref="JsonException"/>.</summary>
    public async ValueTask<ChatChunk?> NextAsync(CancellationToken cancellationToken)
    {
        if (_single)
        {
            if (_ended)
            {
                return null;
            }

            while (await FillAsync(cancellationToken))
            {
            }

            _ended = true;
            return Completion(_buffer.AsSpan(_start, _end - _start));
        }

        while (true)
        {
            var line = await LineAsync(cancellationToken);
            if (line is null)
            {
                // The end: an event not closed by a blank line still counts (some servers end without one).
                return _event.WrittenCount > 0 ? Dispatch() : null;
            }

            var (offset, length) = line.Value;
            var text = _buffer.AsSpan(offset, length);
            if (text.IsEmpty)
            {
                if (_event.WrittenCount > 0)
                {
                    return Dispatch();
                }

                continue;
            }

            if (!text.StartsWith("data:"u8))
            {
                // Comments (": keep-alive"), event:, id:, retry: — nothing a chat stream needs.
                continue;
            }

            var data = text[5..];
            if (!data.IsEmpty && data[0] == (byte)' ')
            {
                data = data[1..];
            }

            if (_event.WrittenCount > 0)
            {
                _event.Write("\n"u8);
            }

            if (_event.WrittenCount + data.Length > MaxEventBytes)
            {
                throw new JsonException("An event of the model's stream is too large.");
            }

            _event.Write(data);
        }
    }

    public void Dispose()
    {
        _body.Dispose();
        _response.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private ChatChunk Dispatch()
    {
        var chunk = Parse(_event.WrittenSpan);
        _event.ResetWrittenCount();
        return chunk;
    }

    /// <summary>One event's data: <c>[DONE]</c>, an in-stream error, or a <c>chat.completion.chunk</c>.</summary>
    public static ChatChunk Parse(ReadOnlySpan<byte> data)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.SequenceEqual("[DONE]"u8))
        {
            return new ChatChunk(string.Empty, Done: true);
        }

        return Object(data, "delta"u8);
    }

    /// <summary>
    /// A whole (non-streamed) <c>chat.completion</c>: its message, finish and usage as one piece, complete by being
    /// whole (as <c>[DONE]</c> ends a stream).
    /// </summary>
    public static ChatChunk Completion(ReadOnlySpan<byte> body) => Object(body, "message"u8) with { Done = true };

    /// <summary>
    /// A chunk's or a completion's JSON: the first choice's text under <paramref name="part"/> (<c>delta</c> or
    /// <c>message</c>), its finish, the usage, or an error reported in place of them.
    /// </summary>
    private static ChatChunk Object(ReadOnlySpan<byte> json, ReadOnlySpan<byte> part)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The model's response is not a JSON object.");
        }

        var text = string.Empty;
        var finish = false;
        ChatUsage? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                (text, finish) = FirstChoice(ref reader, part);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = Usage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    // Rare: the error object is read as a document, to find its status.
                    using var document = JsonDocument.Parse(json.ToArray());
                    return new ChatChunk(string.Empty, ErrorStatus: StatusOf(document.RootElement.GetProperty("error")));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ChatChunk(text, finish, usage);
    }

    /// <summary>The first choice's text (under <paramref name="part"/>: <c>delta</c> or <c>message</c>) and whether it finished.</summary>
    private static (string Text, bool Finish) FirstChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> part)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return (string.Empty, false);
        }

        var text = string.Empty;
        var finish = false;
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(part))
                {
                    reader.Read();
                    text = Content(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    finish = reader.TokenType == JsonTokenType.String;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        return (text, finish);
    }

    /// <summary>A delta's or a message's <c>content</c> (a string; null or absent in role-only and finishing chunks).</summary>
    private static string Content(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return string.Empty;
        }

        var text = string.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    text = reader.GetString() ?? string.Empty;
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return text;
    }

    private static ChatUsage? Usage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int? prompt = null;
        int? completion = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                prompt = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var p) ? p : null;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                completion = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var c) ? c : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return prompt is { } input && completion is { } output ? new ChatUsage(input, output, string.Empty) : null;
    }

    /// <summary>The HTTP status an in-stream error stands for: its <c>code</c>/<c>status</c>, else told by its type; 502 otherwise.</summary>
    private static int StatusOf(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return 502;
        }

        foreach (var name in StatusNames)
        {
            if (error.TryGetProperty(name, out var value))
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number is >= 400 and < 600)
                {
                    return number;
                }

                if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var parsed) && parsed is >= 400 and < 600)
                {
                    return parsed;
                }
            }
        }

        var type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? string.Empty : string.Empty;
        return type switch
        {
            _ when type.Contains("rate_limit", StringComparison.OrdinalIgnoreCase) => 429,
            _ when type.Contains("auth", StringComparison.OrdinalIgnoreCase) || type.Contains("invalid_api_key", StringComparison.OrdinalIgnoreCase) => 401,
            _ => 502,
        };
    }

    private static void WriteMessage(Utf8JsonWriter json, AppChatMessage message)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, message.Role switch
        {
            ChatRole.System => "system",
            ChatRole.Assistant => "assistant",
            _ => "user",
        });
        if (message.Role == ChatRole.User && message.Pictures.Count > 0)
        {
            // The pictures as base64 data URLs (OpenAI's chat format, which DashScope/Qwen-VL and others accept), then the text.
            json.WriteStartArray("content"u8);
            foreach (var picture in message.Pictures)
            {
                json.WriteStartObject();
                json.WriteString("type"u8, "image_url");
                json.WriteStartObject("image_url"u8);
                json.WriteString("url"u8, $"data:{picture.ContentType};base64,{Convert.ToBase64String(picture.Content)}");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteStartObject();
            json.WriteString("type"u8, "text");
            json.WriteString("text"u8, message.Content);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        else
        {
            json.WriteString("content"u8, message.Content);
        }

        json.WriteEndObject();
    }

    /// <summary>The next line (without its <c>\n</c> or <c>\r\n</c>) as a range of the buffer; null at the end of the body.</summary>
    private async ValueTask<(int Offset, int Length)?> LineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var offset = _start;
                var length = scanned + newline;
                _start += length + 1;
                if (length > 0 && _buffer[offset + length - 1] == (byte)'\r')
                {
                    length--;
                }

                return (offset, length);
            }

            scanned = _end - _start;
            if (!await FillAsync(cancellationToken))
            {
                if (_end > _start)
                {
                    // A last line without its newline.
                    var offset = _start;
                    var length = _end - _start;
                    _start = _end;
                    return (offset, length);
                }

                return null;
            }
        }
    }

    /// <summary>Reads more of the body after what is buffered (moving it to the front, growing up to the cap); false at its end.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_start > 0 && _end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxEventBytes)
            {
                throw new JsonException("A line of the model's response is too long.");
            }

            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = await _body.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }
}
