using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Followers;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Infrastructure.Conversations;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.Infrastructure.Protection;
using WeChatGpt.Infrastructure.WeChat;

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
        services.AddDbContextPool<AppDbContext>((sp, o) => o
            .UseSqlite(SqliteConnectionString(
                sp.GetRequiredService<IConfiguration>().GetConnectionString("Default") ?? DefaultConnectionString,
                contentRoot))
            .AddInterceptors(new SqliteConnectionInterceptor()));
        services.AddScoped<IDeliveryLedger, DeliveryLedger>();
        services.AddScoped<IFollowerStore, FollowerStore>();

        services.AddSingleton<IRateLimiter, InMemoryRateLimiter>();
        services.AddSingleton<WeChatEnvelopeCodec>();
        services.AddSingleton<IChatModel, StubEchoChatModel>();
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
}
