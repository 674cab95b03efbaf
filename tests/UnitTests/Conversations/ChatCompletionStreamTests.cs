using System.Net;
using System.Text;
using System.Text.Json;
using Shouldly;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Infrastructure.Conversations.OpenAI;

namespace WeChatGpt.UnitTests.Conversations;

/// <summary>The model's stream as bytes on the wire: however they are split, what the events say is read once and right.</summary>
public sealed class ChatCompletionStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Role = """{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""";

    private static string Piece(string text) =>
        $$"""{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":{{JsonSerializer.Serialize(text)}}},"finish_reason":null}]}""";

    private const string Finish = """{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}""";

    private const string Usage = """{"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}""";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task AStream_SplitAnywhere_IsReadAsItsPieces_ItsFinish_ItsCount_AndDone(int readSize)
    {
        var body = $"data: {Role}\n\ndata: {Piece("你好，")}\n\n: keep-alive\n\ndata: {Piece("世界 🌏")}\r\n\r\ndata: {Finish}\n\ndata: {Usage}\n\ndata: [DONE]\n\n";

        var chunks = await ReadAllAsync(body, readSize);

        string.Concat(chunks.Select(c => c.Text)).ShouldBe("你好，世界 🌏");
        chunks.Count(c => c.Finish).ShouldBe(1);
        chunks.Single(c => c.Usage is not null).Usage.ShouldBe(new ChatUsage(12, 7, string.Empty));
        chunks[^1].Done.ShouldBeTrue();
        chunks.Count.ShouldBe(6);
    }

    [Fact]
    public async Task DataOnSeveralLines_IsOneEvent_AndALastEventWithoutItsBlankLine_StillCounts()
    {
        var body = "event: message\nid: 1\ndata: {\"choices\":[{\"delta\":\ndata: {\"content\":\"多行\"}}]}\n\ndata: [DONE]";

        var chunks = await ReadAllAsync(body, 5);

        chunks.Select(c => c.Text).ShouldBe(["多行", string.Empty]);
        chunks[^1].Done.ShouldBeTrue();
    }

    [Fact]
    public async Task AStreamCutOff_EndsWithoutAFinish_OrDone()
    {
        var chunks = await ReadAllAsync($"data: {Piece("半句")}\n\ndata: {Piece("话")}\n\n", 2);

        chunks.Select(c => c.Text).ShouldBe(["半句", "话"]);
        chunks.ShouldAllBe(c => !c.Finish && !c.Done);
    }

    [Theory]
    [InlineData("""{"error":{"message":"upstream","type":"upstream_error","code":"429"}}""", 429)]
    [InlineData("""{"error":{"message":"upstream","code":503}}""", 503)]
    [InlineData("""{"error":{"message":"bad key","type":"invalid_api_key"}}""", 401)]
    [InlineData("""{"error":{"message":"slow down","type":"rate_limit_exceeded"}}""", 429)]
    [InlineData("""{"error":"something broke"}""", 502)]
    public async Task AnInStreamError_IsReadWithTheStatusItStandsFor(string error, int status)
    {
        var chunks = await ReadAllAsync($"data: {Piece("先说")}\n\ndata: {error}\n\n", 4096);

        chunks[^1].ErrorStatus.ShouldBe(status);
        chunks[0].ErrorStatus.ShouldBeNull();
    }

    [Fact]
    public async Task AnErrorPropertyThatIsNull_IsNoError()
    {
        var chunks = await ReadAllAsync($"data: {{\"error\":null,\"choices\":[{{\"delta\":{{\"content\":\"好\"}}}}]}}\n\n", 4096);

        chunks.ShouldHaveSingleItem().ShouldBe(new ChatChunk("好"));
    }

    [Theory]
    [InlineData("data: {\"choices\": [{\"delta\": {\"content\": \"cut\n\n")]
    [InlineData("data: <html>502 Bad Gateway</html>\n\n")]
    [InlineData("data: [1, 2]\n\n")]
    public async Task AnEventThatIsNotAModelsJson_Throws(string body)
    {
        await Should.ThrowAsync<JsonException>(() => ReadAllAsync(body, 4096));
    }

    [Fact]
    public async Task AnEventBeyondTheCap_Throws_InsteadOfGrowingWithoutBound()
    {
        var huge = "data: \"" + new string('x', ChatCompletionStream.MaxEventBytes) + "\"\n\n";

        await Should.ThrowAsync<JsonException>(() => ReadAllAsync(huge, 64 * 1024));
    }

    [Fact]
    public async Task AWholeJsonCompletion_IsOnePiece_WithItsCount_AndComplete()
    {
        const string body = """{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"整段回答"},"finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":4}}""";

        var chunks = await ReadAllAsync(body, 3, "application/json");

        var chunk = chunks.ShouldHaveSingleItem();
        chunk.Text.ShouldBe("整段回答");
        chunk.Finish.ShouldBeTrue();
        chunk.Done.ShouldBeTrue();
        chunk.Usage.ShouldBe(new ChatUsage(30, 4, string.Empty));
    }

    [Fact]
    public void TheRequest_IsOpenAIsStreamingChat_WithPicturesAsDataUrls()
    {
        var settings = new OpenAIOptions { Temperature = 0.5f, MaxTokens = 200, Http2 = ModelHttp2.Auto };
        ChatMessage[] messages =
        [
            new(ChatRole.System, "你是助手"),
            new(ChatRole.Assistant, "之前的回答"),
            new(ChatRole.User, "这是什么") { Pictures = [new ChatPicture("image/png", [1, 2, 3])] },
        ];

        using var request = ChatCompletionStream.Request(new Uri("https://api.example.com/v1"), "sk-secret", "gpt-x", messages, settings);

        request.RequestUri.ShouldBe(new Uri("https://api.example.com/v1/chat/completions"));
        request.Headers.Authorization!.ToString().ShouldBe("Bearer sk-secret");
        request.Version.ShouldBe(HttpVersion.Version20, "over TLS HTTP/2 is offered");
        using var json = JsonDocument.Parse(request.Content!.ReadAsStream(Ct));
        var root = json.RootElement;
        root.GetProperty("model").GetString().ShouldBe("gpt-x");
        root.GetProperty("stream").GetBoolean().ShouldBeTrue();
        root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean().ShouldBeTrue();
        root.GetProperty("max_tokens").GetInt32().ShouldBe(200);
        root.GetProperty("temperature").GetDouble().ShouldBe(0.5, tolerance: 1e-6);
        var sent = root.GetProperty("messages").EnumerateArray().ToList();
        sent.Select(m => m.GetProperty("role").GetString()).ShouldBe(["system", "assistant", "user"]);
        sent[0].GetProperty("content").GetString().ShouldBe("你是助手");
        var parts = sent[2].GetProperty("content").EnumerateArray().ToList();
        parts[0].GetProperty("image_url").GetProperty("url").GetString().ShouldBe("data:image/png;base64,AQID");
        parts[1].GetProperty("text").GetString().ShouldBe("这是什么");
    }

    [Fact]
    public async Task TheRequest_CarriesTheConversationAsUtf8_ExactlyAsWritten_InOneBufferOfTheSizeItNeeds()
    {
        // A follower's history: Chinese with newlines, quotes and a code sample, an emoji, a control character.
        var tricky = "他说：\"你好\"\n\t<script>alert('x')</script> \\ 路径 C:\\temp 🙂 \u0001 结束";
        var messages = new List<ChatMessage> { new(ChatRole.System, "你是一个乐于助人的助手。") };
        for (var i = 0; i < 20; i++)
        {
            messages.Add(new ChatMessage(ChatRole.User, $"第{i}个问题：{tricky}"));
            messages.Add(new ChatMessage(ChatRole.Assistant, string.Concat(Enumerable.Repeat($"这是第{i}个回答的一句话。\n", 30))));
        }

        using var request = ChatCompletionStream.Request(new Uri("http://127.0.0.1:1/v1"), "k", "gpt-x", messages, new OpenAIOptions());
        var body = await request.Content!.ReadAsByteArrayAsync(Ct);

        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString())
            .ShouldBe(messages.Select(m => m.Content), "every text arrives exactly as written");
        var text = Encoding.UTF8.GetString(body);
        text.ShouldContain("你是一个乐于助人的助手。", customMessage: "Chinese is sent as UTF-8, not as \\uXXXX escapes");
        text.ShouldNotContain("\\u4F60", Case.Insensitive);
        text.ShouldContain("\\u0001", customMessage: "a control character is still escaped, as JSON requires");
        var capacity = ChatCompletionStream.BodyCapacity("gpt-x", messages);
        body.Length.ShouldBeLessThanOrEqualTo(capacity, "written into the buffer sized for it, not grown by copies");
        body.Length.ShouldBeGreaterThan(capacity * 3 / 4, "and the buffer is not far larger than the body");
    }

    [Theory]
    [InlineData("http://localhost:8080/v1/", "http://localhost:8080/v1/chat/completions")]
    [InlineData("http://localhost:8080/", "http://localhost:8080/chat/completions")]
    [InlineData("https://gw.example.com/openai/v1?api-version=2024", "https://gw.example.com/openai/v1/chat/completions?api-version=2024")]
    public void TheEndpoint_IsChatCompletionsUnderTheBase(string baseUrl, string endpoint)
    {
        ChatCompletionStream.Endpoint(new Uri(baseUrl)).ShouldBe(new Uri(endpoint));
    }

    [Fact]
    public void WithoutSettingsToTheContrary_PlainHttpStaysHttp11_AndAlwaysAsksHttp2Exactly()
    {
        using var plain = ChatCompletionStream.Request(new Uri("http://127.0.0.1:1/v1"), "k", "m", [], new OpenAIOptions());
        using var always = ChatCompletionStream.Request(new Uri("http://127.0.0.1:1/v1"), "k", "m", [], new OpenAIOptions { Http2 = ModelHttp2.Always });

        plain.Version.ShouldBe(HttpVersion.Version11);
        always.Version.ShouldBe(HttpVersion.Version20);
        always.VersionPolicy.ShouldBe(HttpVersionPolicy.RequestVersionExact);
    }

    private static async Task<List<ChatChunk>> ReadAllAsync(string body, int readSize, string mediaType = "text/event-stream")
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new Trickle(Encoding.UTF8.GetBytes(body), readSize)),
        };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        using var stream = await ChatCompletionStream.OpenAsync(response, Ct);
        var chunks = new List<ChatChunk>();
        while (await stream.NextAsync(Ct) is { } chunk)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    /// <summary>A body that arrives a few bytes per read, as a slow network hands it over.</summary>
    private sealed class Trickle(byte[] bytes, int readSize) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
