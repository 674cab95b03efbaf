using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Followers;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Infrastructure.Conversations.OpenAI;
using WeChatGpt.Infrastructure.Messaging;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.Infrastructure.Protection;
using WeChatGpt.Infrastructure.WeChat;
using WeChatGpt.Infrastructure.WeChat.Api;

namespace WeChatGpt.Infrastructure;

public static class DependencyInjection
{
    public const string DefaultConnectionString = "Data Source=App_Data/wechatgpt.db";

    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        // The connection string is read when the pool is first used, so that hosts that add
        // configuration late (tests) are honoured.
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<SqliteBatchWriter>();
        services.AddSingleton<SqliteConnectionInterceptor>();
        services.AddSingleton<SqliteWriteGateInterceptor>();
        // Stores take a short-lived context per operation from the pool: nothing holds a connection (and
        // its page cache) while a delivery waits in the reply window or an answer streams.
        services.AddPooledDbContextFactory<AppDbContext>((sp, o) => o
            .UseSqlite(SqliteConnectionString(
                sp.GetRequiredService<IConfiguration>().GetConnectionString("Default") ?? DefaultConnectionString,
                contentRoot))
            .AddInterceptors(sp.GetRequiredService<SqliteConnectionInterceptor>(), sp.GetRequiredService<SqliteWriteGateInterceptor>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddScoped<IDeliveryLedger, DeliveryLedger>();
        services.AddScoped<IFollowerStore, FollowerStore>();
        services.AddScoped<IConversationStore, ConversationStore>();
        services.AddScoped<IContinuationStore, ContinuationStore>();
        services.AddScoped<ITemplateStore, TemplateStore>();
        services.AddSingleton<TemplateCache>();

        services.AddSingleton<IRateLimiter, InMemoryRateLimiter>();
        services.AddSingleton<IReplyCoordinator, InProcessReplyCoordinator>();
        services.AddSingleton<AnswerRunner>();
        services.AddSingleton<IAnswerRunner>(sp => sp.GetRequiredService<AnswerRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<AnswerRunner>());
        services.AddSingleton<WeChatEnvelopeCodec>();

        // The model: any OpenAI-compatible endpoint.
        services.AddValidatedOptions<OpenAIOptions, OpenAIOptionsValidator>(OpenAIOptions.SectionName);
        services.AddSingleton<IPostConfigureOptions<OpenAIOptions>>(new CommaSeparatedKeys(builder.Configuration));
        services.AddSingleton<ApiKeyPool>();
        services.AddSingleton<IChatModel, OpenAIChatModel>();
        services.AddHttpClient(OpenAIChatModel.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();

        // WeChat's API (customer-service messages, typing, and more to come).
        services.AddSingleton<WeChatAccessTokens>();
        services.AddSingleton<WeChatApiClient>();
        services.AddSingleton<IWeChatApi>(sp => sp.GetRequiredService<WeChatApiClient>());
        services.AddHttpClient(WeChatAccessTokens.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        return builder;
    }

    /// <summary>A relative SQLite path is taken from the content root; its folder is created.</summary>
    public static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            if (!Path.IsPathRooted(csb.DataSource))
            {
                csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, csb.DataSource));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        }

        return csb.ToString();
    }

    /// <summary>Accepts <c>OpenAI:ApiKeys</c> given as one comma-separated value (handy in environment variables).</summary>
    private sealed class CommaSeparatedKeys(IConfiguration configuration) : IPostConfigureOptions<OpenAIOptions>
    {
        public void PostConfigure(string? name, OpenAIOptions options)
        {
            if (configuration[$"{OpenAIOptions.SectionName}:ApiKeys"] is { Length: > 0 } value)
            {
                options.ApiKeys = [.. options.ApiKeys, .. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }
        }
    }
}
