using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.WebApi.Admin;
using WeChatGpt.WebApi.Errors;
using WeChatGpt.WebApi.OpenApi;
using WeChatGpt.WebApi.Security;
using WeChatGpt.WebApi.WeChat;

namespace WeChatGpt.WebApi;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddWebApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // A crowd connects at once: connections the listen queue cannot hold are dropped by the kernel and retried
        // by the client 1-3 s later, most of a 5-second window. The kernel caps it at net.core.somaxconn.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>(o =>
            o.Backlog = builder.Configuration.GetValue("Server:ListenBacklog", 16384));
        // ...and holds its sockets: never all of the process's files (see ProcessLimits.ConnectionsWithin), counted
        // where they are accepted (see InboundConnectionGate).
        services.AddSingleton(new Hosting.InboundConnectionGate(Infrastructure.DependencyInjection.InboundConnections(builder.Configuration)));
        services.RemoveAll<Microsoft.AspNetCore.Connections.IConnectionListenerFactory>();
        services.AddSingleton<Microsoft.AspNetCore.Connections.IConnectionListenerFactory, Hosting.GatedSocketTransportFactory>();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).PostConfigure<IConfiguration>((o, configuration) =>
            o.Keys = configuration.ListAt($"{ApiOptions.SectionName}:{nameof(ApiOptions.Keys)}"));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { })
            .AddScheme<AuthenticationSchemeOptions, AdminBasicAuthenticationHandler>(AdminBasicAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationHandler.SchemeName, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser())
            .AddPolicy(AdminBasicAuthenticationHandler.SchemeName, p => p
                .AddAuthenticationSchemes(AdminBasicAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        // Counted in memory unless the infrastructure shares them between instances (PostgreSQL).
        services.TryAddSingleton<Application.Protection.IAuthFailures, AuthFailureLimiter>();
        // Antiforgery and cookie keys survive a restart (an open admin page still posts), kept with the data:
        // /var/lib/wechatgpt under the shipped systemd unit, /data in the Docker image, PostgreSQL when scaled out.
        Infrastructure.DependencyInjection.PersistKeysWithTheData(
            services.AddDataProtection().SetApplicationName("WeChatGpt"), builder.Configuration, builder.Environment.ContentRootPath);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "wechatgpt-admin-af";
            o.Cookie.Path = "/admin";
            o.FormFieldName = "__af";
        });

        // X-Forwarded-For / -Proto are believed only from the proxies listed in ForwardedHeaders:KnownProxies
        // (IPs or CIDR ranges). The loopback defaults are cleared: nothing is believed unless configured.
        services.AddValidatedOptions<ProxySettings, ProxySettingsValidator>(ProxySettings.SectionName)
            .PostConfigure<IConfiguration>((o, configuration) =>
                o.KnownProxies = configuration.ListAt($"{ProxySettings.SectionName}:{nameof(ProxySettings.KnownProxies)}"));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxySettings>>((o, proxies) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the older list still holds the loopback default
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
                else if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    o.KnownIPNetworks.Add(network);
                }
            }
        });

        services.AddOpenApi("v1", o => o.AddDocumentTransformer<SecuritySchemesTransformer>());
        return builder;
    }

    public static WebApplication UseWebApi(this WebApplication app)
    {
        // With no known proxy the middleware is left out: with empty lists it would believe anyone's header.
        if (app.Services.GetRequiredService<IOptions<ProxySettings>>().Value.KnownProxies.Length > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseKnownRequestCharsetsOnly();
        app.UseWeChatSourceIpCheck();
        app.UseAdminGate();
        JobsDashboard.UseJobsDashboard(app);
        app.UseAuthFailureLimiting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

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
