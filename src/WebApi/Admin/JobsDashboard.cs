using Hangfire;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.WebApi.Security;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// The Hangfire Dashboard at <c>/admin/jobs</c>: recurring jobs, succeeded and failed jobs with their error,
/// retries, trigger, requeue and delete. Behind the admin's HTTP Basic authentication as an authorization
/// policy (not Hangfire's local-requests filter); its POST actions need the antiforgery token, which
/// Hangfire checks because the app registers antiforgery. With jobs off, a page says so.
/// </summary>
public sealed class JobsDashboard : IEndpointGroup
{
    public const string Path = "/admin/jobs";

    public void Map(IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<JobStorage>() is null)
        {
            app.MapGet(Path, JobsOff).RequireAuthorization(AdminBasicAuthenticationHandler.SchemeName).ExcludeFromDescription();
            return;
        }

        app.MapHangfireDashboardWithAuthorizationPolicy(AdminBasicAuthenticationHandler.SchemeName, Path, new DashboardOptions
        {
            AppPath = "/admin",
            DashboardTitle = "WeChatGpt · 后台任务",
            DisplayStorageConnectionString = false,
            IgnoreAntiforgeryToken = false,
            DefaultRecordsPerPage = 20,
        });
    }

    public static IResult JobsOff(HttpContext context, IOptionsMonitor<AdminOptions> options)
    {
        var html = new AdminHtml(context, options.CurrentValue);
        html.Add($"<p class=\"flash\" id=\"jobs-off\">{html.T["Jobs are turned off (Jobs:Enabled=false): nothing is scheduled and no job runs."]}</p>");
        return html.Page("Jobs", Path);
    }

    /// <summary>The owner's language for the dashboard (Chinese by default; Hangfire ships its own translations).</summary>
    private static readonly System.Globalization.CultureInfo Chinese = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>
    /// The dashboard's pages get the admin pages' protective headers (no framing, no caching, no referrer) and are
    /// shown in Chinese.
    /// </summary>
    public static IApplicationBuilder UseJobsDashboard(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase))
            {
                // Hangfire reads the form of its commands (and of /stats) whatever the method and content type; a
                // missing or malformed form would throw there (a 500). Without one it gets an empty form (a command
                // then lacks its antiforgery token: 400); a malformed one is refused here.
                if (!context.Request.HasFormContentType)
                {
                    context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                }
                else
                {
                    try
                    {
                        await context.Request.ReadFormAsync(context.RequestAborted);
                    }
                    catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
                    {
                        context.Response.StatusCode = StatusCodes.Status400BadRequest;
                        await context.Response.WriteAsync("The form is malformed.", context.RequestAborted);
                        return;
                    }
                }

                System.Globalization.CultureInfo.CurrentCulture = Chinese;
                System.Globalization.CultureInfo.CurrentUICulture = Chinese;
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers["X-Frame-Options"] = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers["X-Content-Type-Options"] = "nosniff";
                    if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                    {
                        headers.CacheControl = "no-store";
                    }

                    // Past the admin policy the dashboard refuses a POST only for a missing or wrong antiforgery
                    // token: answered 400 like the admin pages' own forms.
                    if (context.Response.StatusCode == StatusCodes.Status403Forbidden && HttpMethods.IsPost(context.Request.Method))
                    {
                        context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    }

                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
}
