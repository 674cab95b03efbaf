using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Protection;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.WebApi.WeChat;

/// <summary>
/// <c>WeChat:VerifySourceIp</c>: a POST to <c>/wechat</c> from an address outside WeChat's callback list gets
/// 403 and is counted. The client address is the connection's, or the one <c>X-Forwarded-For</c> names when
/// the connection comes from a proxy in <c>ForwardedHeaders:KnownProxies</c> (the forwarded-headers
/// middleware runs first).
/// </summary>
public static class SourceIpCheck
{
    public static IApplicationBuilder UseWeChatSourceIpCheck(this IApplicationBuilder app) =>
        app.UseWhen(
            context => HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/wechat", StringComparison.OrdinalIgnoreCase),
            branch => branch.Use(async (context, next) =>
            {
                if (context.RequestServices.GetRequiredService<IOptionsMonitor<WeChatOptions>>().CurrentValue.VerifySourceIp)
                {
                    var allowList = context.RequestServices.GetRequiredService<CallbackIpAllowList>();
                    if (await allowList.CheckAsync(context.Connection.RemoteIpAddress, context.RequestAborted) == SourceCheck.Refused)
                    {
                        context.RequestServices.GetRequiredService<WeChatGptMetrics>().SourceRejected();
                        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SourceIpCheck))
                            .LogDebug("Refused a POST to /wechat from {Address}: not one of WeChat's callback addresses", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        context.Response.ContentType = "text/plain; charset=utf-8";
                        await context.Response.WriteAsync("forbidden");
                        return;
                    }
                }

                await next(context);
            }));
}
