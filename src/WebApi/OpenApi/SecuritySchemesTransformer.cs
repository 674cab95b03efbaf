using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using WeChatGpt.WebApi.Security;

namespace WeChatGpt.WebApi.OpenApi;

/// <summary>
/// Documents the two schemes: <c>X-Api-Key</c> on every <c>/api</c> operation, HTTP Basic (the admin's
/// credentials) on every <c>/admin/api</c> operation.
/// </summary>
internal sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "WeChatGpt API";
        document.Info.Version = AppVersion.Informational;
        document.Info.Description =
            "Consumer API (X-Api-Key): talk to the assistant as a test follower, read or reset a follower's history. " +
            "Admin API (HTTP Basic, Admin:Username / Admin:Password): keyword replies, templates, the custom menu, figures, followers and jobs.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "One of the keys configured in Api:Keys.",
        };
        document.Components.SecuritySchemes[AdminBasicAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "Admin:Username and Admin:Password.",
        };

        foreach (var (path, item) in document.Paths)
        {
            var scheme = path.StartsWith("/admin/api/", StringComparison.Ordinal) ? AdminBasicAuthenticationHandler.SchemeName
                : path.StartsWith("/api/", StringComparison.Ordinal) ? ApiKeyAuthenticationHandler.SchemeName
                : null;
            if (scheme is null || item.Operations is null)
            {
                continue;
            }

            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(scheme, document)] = [],
                });
            }
        }

        return Task.CompletedTask;
    }
}
