using System.Reflection;
using System.Text;
using Hangfire;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Voice;
using WeChatGpt.WebApi.Security;

namespace WeChatGpt.WebApi;

/// <summary>The service's version: the assembly's informational version (the git tag's, with the commit).</summary>
public static class AppVersion
{
    public static string Informational { get; } =
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AppVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}

/// <summary>
/// One short block in the log once the service listens: where, which surfaces are closed and the setting that
/// opens each, and the URL to give WeChat — what a new owner needs next.
/// </summary>
public static class StartupBanner
{
    public static void LogWhenStarted(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WeChatGpt").LogInformation("{Banner}", Compose(app.Services, addresses));
        });

    public static string Compose(IServiceProvider services, IReadOnlyList<string> addresses)
    {
        var address = (addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? (addresses.Count > 0 ? addresses[0] : "http://localhost:5000"))
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .TrimEnd('/');
        var weChat = services.GetRequiredService<IOptions<WeChatOptions>>().Value;
        var admin = services.GetRequiredService<IOptions<AdminOptions>>().Value;
        var api = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var speech = services.GetRequiredService<IOptions<SpeechOptions>>().Value;
        var swagger = services.GetRequiredService<IConfiguration>().GetValue($"{ApiOptions.SectionName}:{nameof(ApiOptions.Swagger)}", defaultValue: true);
        var jobs = services.GetService<JobStorage>() is not null;

        var banner = new StringBuilder();
        banner.AppendLine($"WeChatGpt {AppVersion.Informational} listening on {string.Join(", ", addresses.DefaultIfEmpty(address))}");
        banner.AppendLine($"  WeChat:     give WeChat https://<your domain>/wechat (here: {address}/wechat), token as WeChat:Token, {weChat.Encryption} mode");
        banner.AppendLine(admin.IsConfigured
            ? $"  Dashboard:  {address}/admin (jobs: {address}/admin/jobs)"
            : "  Dashboard:  closed (404) — set Admin__Username and Admin__Password (12+ characters) to open /admin");
        banner.AppendLine(api.Keys.Any(k => !string.IsNullOrWhiteSpace(k))
            ? $"  API:        {address}/api/followers/{{openId}}/messages with an X-Api-Key header"
            : "  API:        closed (401) — set Api__Keys to open /api");
        banner.AppendLine(swagger ? $"  Swagger:    {address}/swagger" : "  Swagger:    off (Api:Swagger=false)");
        banner.AppendLine(jobs ? "  Jobs:       on" : "  Jobs:       off (Jobs:Enabled=false)");
        banner.Append(speech.Provider == SpeechProvider.None
            ? "  Voice:      replies in text — set Speech__Provider (Azure or OpenAI) for voice replies"
            : $"  Voice:      {speech.Provider}");
        return banner.ToString();
    }
}
