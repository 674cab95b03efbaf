using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Pictures;
using WeChatGpt.Infrastructure.Conversations.OpenAI;

namespace WeChatGpt.Infrastructure.Pictures;

/// <summary>
/// The OpenAI-compatible <c>POST {OpenAI:BaseUrl}/images/generations</c>, with the model's keys in rotation (401/403
/// disables a key, 429 rests it, both move on to the next key; a 5xx or a network error is retried once). Both
/// result forms are accepted: <c>b64_json</c>, and a <c>url</c>, fetched with a size limit (<c>Images:MaxBytes</c>)
/// and the drawing's time limit — with the key only when it is on the endpoint's own host.
/// </summary>
internal sealed class OpenAIImageModel(
    ApiKeyPool keys,
    IHttpClientFactory httpClients,
    IOptionsMonitor<OpenAIOptions> openAi,
    IOptionsMonitor<ImagesOptions> images,
    ILogger<OpenAIImageModel> logger) : IImageModel
{
    public const string HttpClientName = "images";

    public async Task<GeneratedImage> GenerateAsync(string prompt, CancellationToken cancellationToken)
    {
        var settings = openAi.CurrentValue;
        var drawing = images.CurrentValue;
        var http = httpClients.CreateClient(HttpClientName);
        var endpoint = new Uri(settings.BaseUrl.ToString().TrimEnd('/') + "/images/generations");
        var retried = false;
        string? lastFailed = null;
        for (var attempt = 0; attempt < Math.Max(1, settings.ApiKeys.Length) + 2; attempt++)
        {
            var key = keys.Acquire(avoid: lastFailed) ?? throw new ImageModelException("No OpenAI key is usable (all disabled or resting).");
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = JsonContent.Create(new { model = drawing.Model, prompt, n = 1, size = drawing.Size }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (!retried)
            {
                retried = true;
                lastFailed = key;
                logger.LogWarning("Image generation on key {Key} failed ({ErrorType}); retrying once", ApiKeyPool.Mask(key), ex.GetType().Name);
                continue;
            }
            catch (HttpRequestException ex)
            {
                throw new ImageModelException($"The image model could not be reached ({ex.GetType().Name}).", ex);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                switch (status)
                {
                    case 401 or 403:
                        keys.Disable(key, status);
                        lastFailed = key;
                        continue;
                    case 429:
                        keys.Rest(key, response.Headers.RetryAfter?.Delta);
                        lastFailed = key;
                        continue;
                    case 408 or >= 500 when !retried:
                        retried = true;
                        lastFailed = key;
                        logger.LogWarning("Image generation on key {Key} failed (HTTP {Status}); retrying once", ApiKeyPool.Mask(key), status);
                        continue;
                    case not 200:
                        // Never the body: some servers echo the prompt or part of the key. 400 is often the content policy.
                        throw new ImageModelException($"The image model answered HTTP {status}.");
                }

                keys.Succeeded(key);
                return await ReadAsync(response, key, settings.BaseUrl, drawing.MaxBytes, http, cancellationToken);
            }
        }

        throw new ImageModelException("The image model failed on every key.");
    }

    private static async Task<GeneratedImage> ReadAsync(HttpResponseMessage response, string key, Uri baseUrl, long maxBytes, HttpClient http, CancellationToken cancellationToken)
    {
        JsonElement first;
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (!json.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
            {
                throw new ImageModelException("The image model's answer has no image.");
            }

            first = data[0].Clone();
        }
        catch (JsonException ex)
        {
            throw new ImageModelException("The image model's answer is not JSON.", ex);
        }

        var revised = first.TryGetProperty("revised_prompt", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (first.TryGetProperty("b64_json", out var b64) && b64.ValueKind == JsonValueKind.String)
        {
            try
            {
                var bytes = Convert.FromBase64String(b64.GetString()!);
                return bytes.Length <= maxBytes ? new GeneratedImage(bytes, revised) : throw new ImageModelException($"The drawn image is larger than {maxBytes} bytes.");
            }
            catch (FormatException ex)
            {
                throw new ImageModelException("The image model's b64_json is not base64.", ex);
            }
        }

        if (first.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String
            && Uri.TryCreate(u.GetString(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            using var download = new HttpRequestMessage(HttpMethod.Get, url);
            if (string.Equals(url.Host, baseUrl.Host, StringComparison.OrdinalIgnoreCase))
            {
                download.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            try
            {
                using var fetched = await http.SendAsync(download, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (fetched.StatusCode != HttpStatusCode.OK)
                {
                    throw new ImageModelException($"The drawn image's URL answered HTTP {(int)fetched.StatusCode}.");
                }

                return new GeneratedImage(
                    await LimitedDownload.ReadAsync(fetched, maxBytes, cancellationToken) ?? throw new ImageModelException($"The drawn image is larger than {maxBytes} bytes."),
                    revised);
            }
            catch (HttpRequestException ex)
            {
                throw new ImageModelException($"The drawn image's URL could not be fetched ({ex.GetType().Name}).", ex);
            }
        }

        throw new ImageModelException("The image model's answer has neither b64_json nor url.");
    }
}
