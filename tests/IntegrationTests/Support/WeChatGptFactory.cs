using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using WeChatGpt.Tests;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// The real app in memory, on a real SQLite file of its own, configured like a WeChat account whose model
/// is a fake OpenAI-compatible server and whose WeChat API is a fake WeChat server (both real HTTP on
/// loopback). Tests add settings and services before the first request.
/// </summary>
public partial class WeChatGptFactory : WebApplicationFactory<Program>
{
    public const string Token = "AAAAA";
    public const string AppId = "wxba5fad812f8e6fb9";
    public const string AppSecret = "test-app-secret";
    public const string EncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string PreviousEncodingAesKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    public const string ModelKey = "sk-test-key-0001";
    public const string ApiKey = "test-api-key";
    public const string AdminUser = "owner";
    public const string AdminPassword = "admin-password-1234";

    /// <summary>A request header the test host turns into the connection's remote address (TestServer has none).</summary>
    public const string RemoteIpHeader = "X-Test-Remote-Ip";

    private readonly List<Action<IServiceCollection>> _services = [];

    public WeChatGptFactory()
        : this(PostgresServer.IsSuiteProvider ? PostgresServer.NewDatabase() : Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"{Guid.NewGuid():N}.db"))
    {
    }

    /// <summary>
    /// A host on an existing database: a SQLite file, or (an Npgsql connection string, <c>Host=…</c>) a PostgreSQL
    /// database — a restarted process when another host used it before.
    /// </summary>
    public WeChatGptFactory(string databasePath)
    {
        DatabasePath = databasePath;
        if (IsPostgres)
        {
            Settings["Database:Provider"] = "PostgreSql";
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        }

        Model = FakeOpenAiServer.StartAsync().GetAwaiter().GetResult();
        WeChatApi = FakeWeChatApiServer.StartAsync().GetAwaiter().GetResult();
        Speech = FakeSpeechServer.StartAsync().GetAwaiter().GetResult();
        Settings["OpenAI:BaseUrl"] = Model.BaseUrl.ToString();
        Settings["WeChat:ApiBaseUrl"] = WeChatApi.Address.ToString();
        Settings["Speech:Azure:Endpoint"] = Speech.Address.ToString();
        Settings["Speech:Azure:Key"] = SpeechKey;
        Settings["Speech:TempDirectory"] = TempAudioDirectory;
    }

    public FakeOpenAiServer Model { get; }

    public FakeWeChatApiServer WeChatApi { get; }

    public FakeSpeechServer Speech { get; }

    /// <summary>Everything the app logged.</summary>
    public CollectingLoggerProvider Logs { get; } = new();

    public const string SpeechKey = "azure-speech-test-key";

    /// <summary>Where the app keeps temporary audio in this test host.</summary>
    public string TempAudioDirectory { get; } = Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"voice-{Guid.NewGuid():N}");

    /// <summary>Set by <see cref="UseManualClock"/>: the app's and the fake model's clock.</summary>
    public ManualTimeProvider? Clock { get; private set; }

    /// <summary>The SQLite file, or with PostgreSQL the database's connection string.</summary>
    public string DatabasePath { get; }

    /// <summary>This host's data live in PostgreSQL (<see cref="DatabasePath"/> is a connection string).</summary>
    public bool IsPostgres => DatabasePath.StartsWith("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>Keep the database file on dispose (to start another host on it).</summary>
    public bool KeepDatabase { get; set; }

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["WeChat:Token"] = Token,
        ["WeChat:AppId"] = AppId,
        ["WeChat:AppSecret"] = AppSecret,
        ["WeChat:EncodingAesKey"] = EncodingAesKey,
        ["WeChat:PreviousEncodingAesKey"] = PreviousEncodingAesKey,
        // Both plaintext and encrypted pushes, as an account switching modes gets them (the tests use both).
        ["WeChat:EncryptionMode"] = "Compatible",
        ["OpenAI:ApiKeys:0"] = ModelKey,
        ["OpenAI:Model"] = "fake-model",
        ["Api:Keys:0"] = ApiKey,
        // Schedules that never fire (Hangfire's Cron.Never()): a test runs a job only when it triggers it.
        ["Jobs:VoiceFilesCleanup"] = NeverCron,
        ["Jobs:MediaBookkeeping"] = NeverCron,
        ["Jobs:CallbackIpRefresh"] = NeverCron,
        ["Jobs:LedgerPruning"] = NeverCron,
        ["Jobs:Workers"] = "2",
        ["Jobs:PollInterval"] = "00:00:00.25",
    };

    /// <summary>February 31st: a valid schedule that never comes.</summary>
    public const string NeverCron = "0 0 31 2 *";

    /// <summary>Hangfire's SQLite file beside the database.</summary>
    public string JobsDatabasePath => Path.Combine(Path.GetDirectoryName(DatabasePath)!, Path.GetFileNameWithoutExtension(DatabasePath) + "-jobs.db");

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

    /// <summary>The app and the fake model run on a manual clock that starts now; tests move it.</summary>
    public WeChatGptFactory UseManualClock(DateTimeOffset? start = null)
    {
        Clock = new ManualTimeProvider(start ?? DateTimeOffset.UtcNow);
        Model.UseClock(Clock);
        Speech.UseClock(Clock);
        var clock = Clock;
        return WithServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        });
    }

    public WeChatClient WeChat() => new(CreateClient()) { Clock = Clock ?? TimeProvider.System };

    /// <summary>Turns the admin on (HTTP Basic with <see cref="AdminUser"/> / <see cref="AdminPassword"/>).</summary>
    /// <summary>The admin signed in with <see cref="AdminUser"/>; its pages in <paramref name="language"/> (tests read English; null: the product's default, Chinese).</summary>
    public WeChatGptFactory WithAdmin(string? language = "en")
    {
        With("Admin:Username", AdminUser).With("Admin:Password", AdminPassword);
        return language is null ? this : With("Admin:Language", language);
    }

    /// <summary>A client sending the admin's Basic credentials (or others), optionally from a given address.</summary>
    public HttpClient AdminClient(string? user = AdminUser, string? password = AdminPassword, string? remoteIp = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        if (remoteIp is not null)
        {
            client.DefaultRequestHeaders.Add(RemoteIpHeader, remoteIp);
        }

        return client;
    }

    public HttpClient ApiClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        Settings["ConnectionStrings:Default"] = IsPostgres ? DatabasePath : $"Data Source={DatabasePath}";
        // Settings go in as host settings too: those are visible while Program registers services
        // (Jobs:Enabled decides whether Hangfire is registered at all); app configuration arrives later.
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, RemoteIpFromHeader>();
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
        await WeChatApi.DisposeAsync();
        await Speech.DisposeAsync();
        DeleteDatabase();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Model.DisposeAsync().AsTask().GetAwaiter().GetResult();
            WeChatApi.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Speech.DisposeAsync().AsTask().GetAwaiter().GetResult();
            DeleteDatabase();
        }
    }

    private void DeleteDatabase()
    {
        try
        {
            if (Directory.Exists(TempAudioDirectory))
            {
                Directory.Delete(TempAudioDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }

        SqliteConnection.ClearAllPools();
        if (KeepDatabase)
        {
            return;
        }

        if (IsPostgres)
        {
            DropPostgresDatabase();
            return;
        }

        foreach (var file in new[] { DatabasePath, JobsDatabasePath }.SelectMany(f => new[] { f, f + "-wal", f + "-shm" }))
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A file still held open is left to the OS's temp cleanup.
            }
        }
    }
}

public partial class WeChatGptFactory
{
    /// <summary>A throwaway test database: dropped with its host (its connections are closed first).</summary>
    private void DropPostgresDatabase()
    {
        try
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            var target = new Npgsql.NpgsqlConnectionStringBuilder(DatabasePath);
            using var admin = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(DatabasePath) { Database = "postgres", Pooling = false }.ConnectionString);
            admin.Open();
            using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)";
            drop.ExecuteNonQuery();
        }
        catch (Npgsql.NpgsqlException)
        {
            // Left to the throwaway cluster's end.
        }
    }
}

/// <summary>Runs first in the test host: <see cref="WeChatGptFactory.RemoteIpHeader"/> becomes the connection's address.</summary>
internal sealed class RemoteIpFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (Microsoft.AspNetCore.Http.HttpContext context, Microsoft.AspNetCore.Http.RequestDelegate following) =>
        {
            if (context.Request.Headers.TryGetValue(WeChatGptFactory.RemoteIpHeader, out var value) && System.Net.IPAddress.TryParse(value.ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
                context.Request.Headers.Remove(WeChatGptFactory.RemoteIpHeader);
            }

            await following(context);
        });
        next(app);
    };
}
