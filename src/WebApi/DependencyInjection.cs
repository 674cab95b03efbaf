using Microsoft.AspNetCore.Authentication;
using WeChatGpt.WebApi.Errors;
using WeChatGpt.WebApi.OpenApi;
using WeChatGpt.WebApi.Security;

namespace WeChatGpt.WebApi;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddWebApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName);
        services.AddHealthChecks();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationHandler.SchemeName, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());

        services.AddOpenApi("v1", o => o.AddDocumentTransformer<ApiKeySecurityTransformer>());
        return builder;
    }

    public static WebApplication UseWebApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        if (app.Configuration.GetValue(ApiOptions.SectionName + ":" + nameof(ApiOptions.Swagger), defaultValue: true))
        {
            // In every environment, Production included: consumers test through it. Api:Swagger=false turns it off.
            app.MapOpenApi("/swagger/{documentName}/swagger.json");
            app.UseSwaggerUI(o =>
            {
                o.SwaggerEndpoint("/swagger/v1/swagger.json", "WeChatGpt API v1");
                o.RoutePrefix = "swagger";
                o.DocumentTitle = "WeChatGpt API";
            });
        }

        return app;
    }
}
