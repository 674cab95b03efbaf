namespace WeChatGpt.Application.Common;

/// <summary>The one test of "an absolute http(s) URL" for settings and admin input.</summary>
public static class HttpUrls
{
    public static bool IsHttpUrl(Uri? uri) => uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public static bool IsHttpUrl(string? text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && IsHttpUrl(uri);
}
