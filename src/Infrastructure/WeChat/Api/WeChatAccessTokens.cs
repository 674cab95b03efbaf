using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Infrastructure.WeChat.Api;

/// <summary>
/// The account's access token from <c>/cgi-bin/stable_token</c>: one shared cache, refreshed before it
/// expires, one refresh at a time (concurrent callers wait for it). A token WeChat rejects is dropped
/// and fetched again — with <c>force_refresh</c> when the stable endpoint hands back the rejected one. Several
/// instances share the token (<see cref="ISharedAccessToken"/>): one refreshes, the others take its token.
/// </summary>
internal sealed class WeChatAccessTokens(
    IHttpClientFactory httpClients,
    IOptionsMonitor<WeChatOptions> options,
    ISharedAccessToken shared,
    TimeProvider clock,
    ILogger<WeChatAccessTokens> logger)
    : IDisposable
{
    public const string HttpClientName = "wechat";

    /// <summary>stable_token returns the same token until 5 minutes before it expires; refresh from then on.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _current;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } token)
        {
            return token;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } fresh)
            {
                return fresh;
            }

            var appId = AppId();
            if (await shared.ReadAsync(appId, cancellationToken) is { } stored && IsFresh(stored))
            {
                // Another instance refreshed it.
                _current = stored;
                return stored.Token;
            }

            _current = await shared.RefreshAsync(
                appId,
                async current => current is { } c && IsFresh(c) ? c : await FetchAsync(forceRefresh: false, rejected: null, cancellationToken),
                cancellationToken);
            return _current.Value.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>WeChat said <paramref name="rejected"/> is invalid or expired: get another one (once, for all callers).</summary>
    public async Task<string> RenewAsync(string rejected, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } current && current.Token != rejected && current.ExpiresAt - RefreshMargin > clock.GetUtcNow())
            {
                // Someone renewed it while we waited.
                return current.Token;
            }

            _current = null;
            _current = await shared.RefreshAsync(
                AppId(),
                async stored =>
                {
                    if (stored is { } s && s.Token != rejected && IsFresh(s))
                    {
                        // Another instance renewed it meanwhile: one refresh for the whole cluster.
                        return s;
                    }

                    var renewed = await FetchAsync(forceRefresh: false, rejected, cancellationToken);
                    return renewed.Token == rejected ? await FetchAsync(forceRefresh: true, rejected, cancellationToken) : renewed;
                },
                cancellationToken);
            return _current.Value.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private string? Fresh() => _current is { } current && IsFresh(current) ? current.Token : null;

    private bool IsFresh((string Token, DateTimeOffset ExpiresAt) token) => token.ExpiresAt - RefreshMargin > clock.GetUtcNow();

    private string AppId()
    {
        var o = options.CurrentValue;
        return string.IsNullOrEmpty(o.AppId) || string.IsNullOrEmpty(o.AppSecret) ? throw new WeChatApiNotConfiguredException() : o.AppId;
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)> FetchAsync(bool forceRefresh, string? rejected, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        AppId();

        var http = httpClients.CreateClient(HttpClientName);
        var request = new StableTokenRequest("client_credential", o.AppId!, o.AppSecret!, forceRefresh);
        using var response = await http.PostAsJsonAsync(new Uri(o.ApiBaseUrl, "cgi-bin/stable_token"), request, WeChatJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<StableTokenResponse>(WeChatJson.Options, cancellationToken)
            ?? throw new WeChatApiException("stable_token", -1, "empty response");
        if (body.ErrorCode is { } code and not 0 || string.IsNullOrEmpty(body.AccessToken))
        {
            throw new WeChatApiException("stable_token", body.ErrorCode ?? -1, body.ErrorMessage);
        }

        var expiresIn = TimeSpan.FromSeconds(body.ExpiresIn is > 0 ? body.ExpiresIn.Value : 7200);
        logger.LogInformation("WeChat access token {Action}; valid for {Seconds} s", rejected is null ? "fetched" : forceRefresh ? "force-refreshed" : "renewed", (int)expiresIn.TotalSeconds);
        return (body.AccessToken, clock.GetUtcNow() + expiresIn);
    }

    private sealed record StableTokenRequest(
        [property: JsonPropertyName("grant_type")] string GrantType,
        [property: JsonPropertyName("appid")] string AppId,
        [property: JsonPropertyName("secret")] string Secret,
        [property: JsonPropertyName("force_refresh")] bool ForceRefresh);

    private sealed record StableTokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("errcode")] int? ErrorCode,
        [property: JsonPropertyName("errmsg")] string? ErrorMessage);
}
