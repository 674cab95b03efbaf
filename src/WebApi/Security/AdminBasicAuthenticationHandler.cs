using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;

namespace WeChatGpt.WebApi.Security;

/// <summary>
/// HTTP Basic for the dashboard and the admin API, against <c>Admin:Username</c> / <c>Admin:Password</c>.
/// Both are compared as SHA-256 digests in constant time (no early exit, no length leak). With no
/// credentials configured nobody authenticates (and <see cref="AdminGate"/> answers 404 before this runs).
/// </summary>
public sealed class AdminBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AdminOptions> admin)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "AdminBasic";
    public const string Realm = "WeChatGpt admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var options = admin.CurrentValue;
        if (!options.IsConfigured || !AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(header.Parameter))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        var userOk = Same(decoded[..colon], options.Username!);
        var passwordOk = Same(decoded[(colon + 1)..], options.Password!);
        if (!(userOk & passwordOk))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid admin credentials."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, options.Username!), new Claim(ClaimTypes.Role, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    private static bool Same(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

/// <summary>With no admin credentials configured, every <c>/admin</c> route answers 404: the admin does not exist.</summary>
public static class AdminGate
{
    public const string PathPrefix = "/admin";

    public static IApplicationBuilder UseAdminGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase)
                && !context.RequestServices.GetRequiredService<IOptionsMonitor<AdminOptions>>().CurrentValue.IsConfigured)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
}
