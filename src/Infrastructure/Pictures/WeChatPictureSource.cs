using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Pictures;

namespace WeChatGpt.Infrastructure.Pictures;

/// <summary>
/// A follower's photo from WeChat: its temporary media by <c>MediaId</c> (with the access token), else its
/// <c>PicUrl</c> — fetched only from WeChat's own image hosts (<c>Vision:PicUrlHosts</c>) or the API's host,
/// never from any other address a message names, with a size limit and a timeout.
/// </summary>
internal sealed class WeChatPictureSource(
    IWeChatApi api,
    IHttpClientFactory httpClients,
    IOptionsMonitor<VisionOptions> vision,
    IOptionsMonitor<WeChatOptions> weChat,
    ILogger<WeChatPictureSource> logger) : IPictureSource
{
    public const string HttpClientName = "pictures";

    public async Task<byte[]> FetchAsync(string? mediaId, string? picUrl, long maxBytes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(vision.CurrentValue.DownloadTimeout);
        if (!string.IsNullOrWhiteSpace(mediaId))
        {
            try
            {
                var media = await api.DownloadMediaAsync(mediaId, timeout.Token);
                return media.Content.Length <= maxBytes
                    ? media.Content
                    : throw new PictureRejectedException($"picture of {media.Content.Length} bytes (limit {maxBytes})");
            }
            catch (Exception ex) when (ex is WeChatApiException or WeChatApiNotConfiguredException or HttpRequestException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (string.IsNullOrWhiteSpace(picUrl))
                {
                    throw new PictureRejectedException($"picture media not downloaded ({ex.GetType().Name})", ex);
                }

                logger.LogInformation("Picture media not downloaded ({ErrorType}); trying its PicUrl", ex.GetType().Name);
            }
        }

        if (string.IsNullOrWhiteSpace(picUrl))
        {
            throw new PictureRejectedException("picture with neither MediaId nor PicUrl");
        }

        var url = Allowed(picUrl) ?? throw new PictureRejectedException("PicUrl on a host that is not WeChat's");
        using var timeoutForUrl = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutForUrl.CancelAfter(vision.CurrentValue.DownloadTimeout);
        try
        {
            return await LimitedDownload.GetAsync(httpClients.CreateClient(HttpClientName), url, maxBytes, timeoutForUrl.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PictureRejectedException($"PicUrl not downloaded ({ex.GetType().Name})", ex);
        }
    }

    private Uri? Allowed(string picUrl)
    {
        if (!Uri.TryCreate(picUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.UserInfo))
        {
            return null;
        }

        var api = weChat.CurrentValue.ApiBaseUrl;
        var onApiHost = string.Equals(api.Host, url.Host, StringComparison.OrdinalIgnoreCase) && api.Port == url.Port;
        return onApiHost || vision.CurrentValue.PicUrlHosts.Any(h => string.Equals(h, url.Host, StringComparison.OrdinalIgnoreCase)) ? url : null;
    }
}

/// <summary>An HTTP answer read up to a limit: a larger one is given up as soon as it is known to be larger.</summary>
internal static class LimitedDownload
{
    public static async Task<byte[]> GetAsync(HttpClient http, Uri url, long maxBytes, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await ReadAsync(response, maxBytes, cancellationToken) ?? throw new PictureRejectedException($"picture larger than {maxBytes} bytes");
    }

    /// <returns>The body, or null when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            return null;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
