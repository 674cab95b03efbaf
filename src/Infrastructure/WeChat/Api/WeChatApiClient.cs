using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Infrastructure.WeChat.Api;

/// <summary>
/// Calls WeChat's API with the shared access token. When WeChat says the token is invalid or expired
/// (40001, 40014, 42001) the token is renewed and the call retried once. URLs carry the token, so they are
/// never logged (the HTTP client's own logging is removed).
/// </summary>
internal sealed class WeChatApiClient(IHttpClientFactory httpClients, WeChatAccessTokens tokens, IOptionsMonitor<WeChatOptions> options) : IWeChatApi
{
    private static readonly int[] TokenErrors = [40001, 40014, 42001];

    public Task SendTextAsync(string openId, string text, CancellationToken cancellationToken) =>
        PostJsonAsync("cgi-bin/message/custom/send", new { touser = openId, msgtype = "text", text = new { content = text } }, cancellationToken);

    public Task SendImageAsync(string openId, string mediaId, CancellationToken cancellationToken) =>
        PostJsonAsync("cgi-bin/message/custom/send", new { touser = openId, msgtype = "image", image = new { media_id = mediaId } }, cancellationToken);

    public async Task<string> UploadTemporaryImageAsync(byte[] image, string fileName, CancellationToken cancellationToken)
    {
        var result = await UploadAsync("cgi-bin/media/upload", "type=image", image, fileName, cancellationToken);
        return result.GetProperty("media_id").GetString()!;
    }

    public Task SetTypingAsync(string openId, bool typing, CancellationToken cancellationToken) =>
        PostJsonAsync("cgi-bin/message/custom/typing", new { touser = openId, command = typing ? "Typing" : "CancelTyping" }, cancellationToken);

    public async Task<DownloadedMedia> DownloadMediaAsync(string mediaId, CancellationToken cancellationToken)
    {
        var (_, media) = await CallAsync(
            "cgi-bin/media/get",
            token => new HttpRequestMessage(HttpMethod.Get, Url("cgi-bin/media/get", token, $"media_id={Uri.EscapeDataString(mediaId)}")),
            async response =>
            {
                var type = response.Content.Headers.ContentType?.MediaType;
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                // Errors come as JSON (or text) instead of the media.
                if (type is "application/json" or "text/plain" || (bytes.Length > 0 && bytes[0] == (byte)'{'))
                {
                    return (JsonDocument.Parse(bytes).RootElement.Clone(), (DownloadedMedia?)null);
                }

                return (default(JsonElement), new DownloadedMedia(bytes, type));
            },
            cancellationToken);
        return media ?? throw new WeChatApiException("cgi-bin/media/get", -1, "no media in the answer");
    }

    public async Task<string> UploadTemporaryVoiceAsync(byte[] audio, string fileName, CancellationToken cancellationToken)
    {
        var result = await UploadAsync("cgi-bin/media/upload", "type=voice", audio, fileName, cancellationToken);
        return result.GetProperty("media_id").GetString()!;
    }

    public async Task<string> AddPermanentVoiceAsync(byte[] audio, string fileName, CancellationToken cancellationToken)
    {
        var result = await UploadAsync("cgi-bin/material/add_material", "type=voice", audio, fileName, cancellationToken);
        return result.GetProperty("media_id").GetString()!;
    }

    public Task DeleteMaterialAsync(string mediaId, CancellationToken cancellationToken) =>
        PostJsonAsync("cgi-bin/material/del_material", new { media_id = mediaId }, cancellationToken);

    public async Task<IReadOnlyList<string>> GetCallbackIpsAsync(CancellationToken cancellationToken)
    {
        var (result, _) = await CallAsync<object>(
            "cgi-bin/getcallbackip",
            token => new HttpRequestMessage(HttpMethod.Get, Url("cgi-bin/getcallbackip", token, null)),
            async response => (await response.Content.ReadFromJsonAsync<JsonElement>(WeChatJson.Options, cancellationToken), null),
            cancellationToken);
        return result.TryGetProperty("ip_list", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(ip => ip.GetString()).OfType<string>().ToList()
            : [];
    }

    public Task CreateMenuAsync(IReadOnlyList<MenuButton> buttons, CancellationToken cancellationToken) =>
        PostJsonAsync("cgi-bin/menu/create", new JsonObject { ["button"] = new JsonArray(buttons.Select(MenuJson).ToArray<JsonNode?>()) }, cancellationToken);

    public async Task DeleteMenuAsync(CancellationToken cancellationToken)
    {
        await CallAsync<object>(
            "cgi-bin/menu/delete",
            token => new HttpRequestMessage(HttpMethod.Get, Url("cgi-bin/menu/delete", token, null)),
            async response => (await response.Content.ReadFromJsonAsync<JsonElement>(WeChatJson.Options, cancellationToken), null),
            cancellationToken);
    }

    /// <summary>A button in WeChat's field names; absent fields are left out.</summary>
    private static JsonObject MenuJson(MenuButton button)
    {
        var json = new JsonObject { ["name"] = button.Name };
        void Set(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                json[name] = value;
            }
        }

        Set("type", button.Type);
        Set("key", button.Key);
        Set("url", button.Url);
        Set("appid", button.AppId);
        Set("pagepath", button.PagePath);
        Set("article_id", button.ArticleId);
        if (button.SubButtons is { Count: > 0 } subs)
        {
            json["sub_button"] = new JsonArray(subs.Select(MenuJson).ToArray<JsonNode?>());
        }

        return json;
    }

    /// <summary>POSTs JSON to an API path and returns WeChat's JSON answer once its errcode is 0.</summary>
    public async Task<JsonElement> PostJsonAsync(string path, object body, CancellationToken cancellationToken)
    {
        var (result, _) = await CallAsync<object>(
            path,
            token => new HttpRequestMessage(HttpMethod.Post, Url(path, token, null)) { Content = JsonContent.Create(body, options: WeChatJson.Options) },
            async response => (await response.Content.ReadFromJsonAsync<JsonElement>(WeChatJson.Options, cancellationToken), null),
            cancellationToken);
        return result;
    }

    private async Task<JsonElement> UploadAsync(string path, string query, byte[] content, string fileName, CancellationToken cancellationToken)
    {
        var (result, _) = await CallAsync<object>(
            path,
            token =>
            {
                // The multipart field is "media" (wechat-protocol.md §7).
                var file = new ByteArrayContent(content);
                file.Headers.ContentType = new MediaTypeHeaderValue(Path.GetExtension(fileName).ToLowerInvariant() switch
                {
                    ".amr" => "audio/amr",
                    ".jpg" or ".jpeg" => "image/jpeg",
                    ".png" => "image/png",
                    _ => "audio/mpeg",
                });
                var form = new MultipartFormDataContent { { file, "media", fileName } };
                return new HttpRequestMessage(HttpMethod.Post, Url(path, token, query)) { Content = form };
            },
            async response => (await response.Content.ReadFromJsonAsync<JsonElement>(WeChatJson.Options, cancellationToken), null),
            cancellationToken);
        return result;
    }

    /// <summary>
    /// One API call with the shared token, renewed and retried once when WeChat rejects it. <paramref name="read"/>
    /// returns WeChat's JSON (checked for an errcode) and, for binary answers, the value itself.
    /// </summary>
    private async Task<(JsonElement Json, T? Value)> CallAsync<T>(
        string api,
        Func<string, HttpRequestMessage> build,
        Func<HttpResponseMessage, Task<(JsonElement Json, T? Value)>> read,
        CancellationToken cancellationToken)
        where T : class
    {
        var token = await tokens.GetAsync(cancellationToken);
        var http = httpClients.CreateClient(WeChatAccessTokens.HttpClientName);
        for (var attempt = 0; ; attempt++)
        {
            using var request = build(token);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            var (json, value) = await read(response);
            if (value is not null)
            {
                return (json, value);
            }

            var code = ErrorCode(json);
            if (code == 0)
            {
                return (json, value);
            }

            if (attempt == 0 && TokenErrors.Contains(code))
            {
                token = await tokens.RenewAsync(token, cancellationToken);
                continue;
            }

            throw new WeChatApiException(api, code, json.TryGetProperty("errmsg", out var message) ? message.GetString() : null);
        }
    }

    private Uri Url(string path, string token, string? query) =>
        new(options.CurrentValue.ApiBaseUrl, $"{path}?access_token={Uri.EscapeDataString(token)}{(query is null ? string.Empty : "&" + query)}");

    private static int ErrorCode(JsonElement result) =>
        result.ValueKind == JsonValueKind.Object && result.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) ? value : 0;
}
