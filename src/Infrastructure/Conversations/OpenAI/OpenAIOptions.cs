namespace WeChatGpt.Infrastructure.Conversations.OpenAI;

/// <summary>Any OpenAI-compatible chat endpoint (section <c>OpenAI</c>).</summary>
public sealed class OpenAIOptions
{
    public const string SectionName = "OpenAI";

    /// <summary>OpenAI, Azure OpenAI, DeepSeek, Qwen/DashScope, Moonshot, a local Ollama…</summary>
    public Uri BaseUrl { get; set; } = new("https://api.openai.com/v1");

    /// <summary>Used in rotation; also accepted as one comma-separated value (<c>OpenAI__ApiKeys=sk-a,sk-b</c>).</summary>
    public string[] ApiKeys { get; set; } = [];

    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Sent as <c>max_tokens</c>, which every OpenAI-compatible server understands.</summary>
    public int? MaxTokens { get; set; } = 1024;

    public float? Temperature { get; set; } = 0.7f;

    /// <summary>A stream that yields no token for this long is abandoned and retried once on the next key.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Rest of a key answered with 429 and no Retry-After (doubles per repeated 429, up to 10 minutes).</summary>
    public TimeSpan RateLimitBackoff { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A key disabled by a 401/403 is tried again after this long (it may have been fixed at the provider); zero: never by itself.</summary>
    public TimeSpan DisabledKeyRetry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When every key is resting, wait this long at most for the first one to come back.</summary>
    public TimeSpan MaxWaitForKey { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// HTTP/2 to the model, where many answers share a few connections instead of one connection each:
    /// <c>Auto</c> (over https, offered and used when the endpoint agrees; over plain http, HTTP/1.1),
    /// <c>Always</c> (also over plain http, "prior knowledge": for a gateway that speaks h2c), <c>Never</c>.
    /// </summary>
    public ModelHttp2 Http2 { get; set; } = ModelHttp2.Auto;

    /// <summary>
    /// HTTP/1.1 connections to the model at most (one per streaming answer), shared out over the model's pools
    /// (<see cref="ModelConnectionPools"/>). Over HTTP/2 each connection carries as many answers as the endpoint allows
    /// (~100), and .NET opens another when those are taken, whatever this says.
    /// </summary>
    public int MaxConnections { get; set; } = 10_000;
}

/// <summary>When the model's connections speak HTTP/2.</summary>
public enum ModelHttp2
{
    Auto,
    Always,
    Never,
}
