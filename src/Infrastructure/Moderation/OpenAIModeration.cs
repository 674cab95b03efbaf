using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Moderation;
using WeChatGpt.Infrastructure.Conversations.OpenAI;

namespace WeChatGpt.Infrastructure.Moderation;

/// <summary>The OpenAI-compatible <c>POST {OpenAI:BaseUrl}/moderations</c>, with the model's first usable key.</summary>
internal sealed class OpenAIModeration(IHttpClientFactory clients, IOptionsMonitor<OpenAIOptions> options) : IExternalModeration
{
    public const string HttpClientName = "moderation";

    public async Task<bool> IsFlaggedAsync(string text, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var key = settings.ApiKeys.FirstOrDefault(k => !string.IsNullOrWhiteSpace(k)) ?? throw new InvalidOperationException("No model key.");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.BaseUrl.ToString().TrimEnd('/') + "/moderations"))
        {
            Content = JsonContent.Create(new { input = text }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Trim());
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return body.RootElement.TryGetProperty("results", out var results)
            && results.ValueKind == JsonValueKind.Array
            && results.EnumerateArray().Any(r => r.TryGetProperty("flagged", out var flagged) && flagged.ValueKind == JsonValueKind.True);
    }
}
