using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace WeChatGpt.WebApi.Security;

/// <summary>
/// Authenticates <c>X-Api-Key</c> against <c>Api:Keys</c> (constant-time compare). No keys configured
/// means nobody gets in: the API is never open by default.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Encoding.UTF8.GetBytes(values[0]!);
        var matched = false;
        foreach (var key in api.CurrentValue.Keys.Where(k => !string.IsNullOrWhiteSpace(k)))
        {
            // Every key is compared, in constant time, whatever matched before.
            matched |= CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(key.Trim()));
        }

        if (!matched)
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-client")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>
    /// 401 with a reason a newcomer can act on — no key configured, no key sent, or a key that is not valid —
    /// and nothing else (never which keys exist).
    /// </summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        var detail = !api.CurrentValue.Keys.Any(k => !string.IsNullOrWhiteSpace(k))
            ? "No API keys are configured: set Api:Keys (environment variable Api__Keys) and send one in the X-Api-Key header."
            : !Request.Headers.ContainsKey(HeaderName)
                ? "Send your API key in the X-Api-Key header."
                : "The API key is not valid.";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = detail,
            },
        });
    }
}
