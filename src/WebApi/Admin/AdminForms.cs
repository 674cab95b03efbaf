using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;

namespace WeChatGpt.WebApi.Admin;

/// <summary>The admin pages' form posts, registered one way (a browser re-sends Basic credentials by itself, so a form on another site must not work).</summary>
internal static class AdminForms
{
    /// <summary>A form POST of the admin pages: refused without a valid antiforgery token, whatever the endpoint reads.</summary>
    public static RouteHandlerBuilder AsForm(this RouteHandlerBuilder post) =>
        post.WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(AntiforgeryFilter);

    private static async ValueTask<object?> AntiforgeryFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
            ? await next(context)
            : Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: new AdminText(context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AdminOptions>>().CurrentValue.Language)["The form has expired or did not come from this dashboard. Reload the page and try again."]);
}
