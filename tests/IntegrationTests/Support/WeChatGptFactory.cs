using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// The real app in memory, on a real SQLite file of its own, configured like a WeChat account.
/// Tests add settings and services before the first request.
/// </summary>
public class WeChatGptFactory : WebApplicationFactory<Program>
{
    public const string Token = "AAAAA";
    public const string AppId = "wxba5fad812f8e6fb9";
    public const string EncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string PreviousEncodingAesKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly List<Action<IServiceCollection>> _services = [];

    public WeChatGptFactory()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
    }

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"{Guid.NewGuid():N}.db");

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["WeChat:Token"] = Token,
        ["WeChat:AppId"] = AppId,
        ["WeChat:EncodingAesKey"] = EncodingAesKey,
        ["WeChat:PreviousEncodingAesKey"] = PreviousEncodingAesKey,
    };

    public WeChatGptFactory With(string key, string? value)
    {
        Settings[key] = value;
        return this;
    }

    public WeChatGptFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public WeChatClient WeChat() => new(CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        Settings["ConnectionStrings:Default"] = $"Data Source={DatabasePath}";
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings));
        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            try
            {
                File.Delete(DatabasePath + suffix);
            }
            catch (IOException)
            {
                // A file still held open is left to the OS's temp cleanup.
            }
        }
    }
}
