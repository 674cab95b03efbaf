using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Messaging;

namespace WeChatGpt.Infrastructure.WeChat.Api;

/// <summary>
/// Calls WeChat's JSON API with the shared access token. When WeChat says the token is invalid or
/// expired (40001, 40014, 42001) the token is renewed and the call retried once. URLs carry the token,
/// so they are never logged (the HTTP client's own logging is removed).
/// </summary>
internal sealed class WeChatApiClient(IHttpClientFactory httpClients, WeChatAccessTokens tokens, IOptionsMonitor<WeChatOptions> options) : IWeChatApi
{
    private static readonly int[] TokenErrors = [40001, 40014, 42001];

    public Task SendTextAsync(string openId, string text, CancellationToken cancellationToken) =>
        PostAsync("cgi-bin/message/custom/send", new { touser = openId, msgtype = "text", text = new { content = text } }, cancellationToken);

    public Task SetTypingAsync(string openId, bool typing, CancellationToken cancellationToken) =>
        PostAsync("cgi-bin/message/custom/typing", new { touser = openId, command = typing ? "Typing" : "CancelTyping" }, cancellationToken);

    /// <summary>POSTs JSON to an API path and returns WeChat's JSON answer once its errcode is 0.</summary>
    public async Task<JsonElement> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var result = await SendAsync(path, token, body, cancellationToken);
            var code = ErrorCode(result);
            if (code == 0)
            {
                return result;
            }

            if (attempt == 0 && TokenErrors.Contains(code))
            {
                token = await tokens.RenewAsync(token, cancellationToken);
                continue;
            }

            throw new WeChatApiException(path, code, result.TryGetProperty("errmsg", out var message) ? message.GetString() : null);
        }
    }

    private async Task<JsonElement> SendAsync(string path, string token, object body, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(WeChatAccessTokens.HttpClientName);
        var uri = new Uri(options.CurrentValue.ApiBaseUrl, $"{path}?access_token={Uri.EscapeDataString(token)}");
        using var response = await http.PostAsJsonAsync(uri, body, WeChatJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(WeChatJson.Options, cancellationToken);
    }

    private static int ErrorCode(JsonElement result) =>
        result.ValueKind == JsonValueKind.Object && result.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) ? value : 0;
}
