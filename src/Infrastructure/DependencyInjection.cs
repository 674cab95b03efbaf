using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Infrastructure.Conversations;
using WeChatGpt.Infrastructure.Health;
using WeChatGpt.Infrastructure.Observability;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Followers;
using WeChatGpt.Application.Messaging;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Application.Protection;
using WeChatGpt.Application.Voice;
using WeChatGpt.Infrastructure.Conversations.OpenAI;
using WeChatGpt.Infrastructure.Jobs;
using WeChatGpt.Infrastructure.Voice;
using WeChatGpt.Infrastructure.Messaging;
using WeChatGpt.Infrastructure.Moderation;
using WeChatGpt.Application.Moderation;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.Infrastructure.Protection;
using WeChatGpt.Infrastructure.WeChat;
using WeChatGpt.Infrastructure.WeChat.Api;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Infrastructure;

public static class DependencyInjection
{
    public const string DefaultConnectionString = "Data Source=App_Data/wechatgpt.db";

    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        services.AddSingleton<StorageHealth>();
        if (DatabaseSettings.ProviderIn(builder.Configuration) == DatabaseProvider.PostgreSql)
        {
            AddPostgreSql(services);
        }
        else
        {
            AddSqlite(services, contentRoot);
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddSingleton<LedgerRedeliveries>();
        services.AddScoped<DeliveryLedger>();
        services.AddScoped<IDeliveryLedger>(sp => sp.GetRequiredService<DeliveryLedger>());
        services.AddScoped<IFollowerStore, FollowerStore>();
        services.AddScoped<IConversationStore, ConversationStore>();
        services.AddScoped<IContinuationStore, ContinuationStore>();
        services.AddScoped<ITemplateStore, TemplateStore>();
        services.AddSingleton<TemplateCache>();
        services.AddScoped<IKeywordStore, KeywordStore>();
        services.AddSingleton<KeywordCache>();
        services.AddSingleton<SharedCaches>();
        // Before the answer runner: stopped after it, so that the failures of answers stopped at shutdown are written.
        services.AddSingleton<Application.Admin.IUsageStore, UsageStore>();
        services.AddSingleton<FailureLog>();
        services.AddSingleton<Application.Admin.IFailureLog>(sp => sp.GetRequiredService<FailureLog>());
        services.AddHostedService(sp => sp.GetRequiredService<FailureLog>());
        services.AddScoped<IAdminReadStore, AdminReadStore>();
        services.AddScoped<IPushStore, PushStore>();
        services.AddScoped<Application.Pictures.IPictureStore, PictureStore>();

        services.AddSingleton<InProcessAnswers>();
        services.AddSingleton<IAnswers>(sp => sp.GetRequiredService<InProcessAnswers>());
        services.AddSingleton(InstanceIdentity.From(builder.Configuration));
        services.AddSingleton<ReplySignals>();
        services.AddSingleton<AnswerRunner>();
        services.AddSingleton<IAnswerRunner>(sp => sp.GetRequiredService<AnswerRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<AnswerRunner>());
        // The host gives its services this long to stop: the grace for answers, and time to store what is unfinished.
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (shutdown.Value.Grace + TimeSpan.FromSeconds(15)).Ticks)));
        services.AddSingleton<WeChatEnvelopeCodec>();
        services.AddSingleton<WeChatWebhook>();

        // The model: any OpenAI-compatible endpoint.
        services.AddValidatedOptions<OpenAIOptions, OpenAIOptionsValidator>(OpenAIOptions.SectionName);
        services.AddOptions<OpenAIOptions>().PostConfigure<IConfiguration>((o, configuration) =>
            o.ApiKeys = configuration.ListAt($"{OpenAIOptions.SectionName}:{nameof(OpenAIOptions.ApiKeys)}"));
        services.AddSingleton<ApiKeyPool>();
        services.AddSingleton<Application.Admin.IModelKeys>(sp => sp.GetRequiredService<ApiKeyPool>());
        services.AddSingleton<OpenAIChatModel>();
        services.AddSingleton<IChatModel>(sp => new MeteredChatModel(sp.GetRequiredService<OpenAIChatModel>(), sp.GetRequiredService<WeChatGptMetrics>(), sp.GetRequiredService<TimeProvider>()));
        for (var pool = 0; pool < ModelConnectionPools.Most; pool++)
        {
            var index = pool;
            services.AddHttpClient(ModelConnectionPools.Name(index), c => c.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
                {
                    // Bounded: a crowd's answers share these connections (HTTP/2 streams, or queue for an HTTP/1.1 one).
                    MaxConnectionsPerServer = Math.Max(1, ModelConnectionPools.ConnectionsOf(index, sp.GetRequiredService<IOptions<OpenAIOptions>>().Value.MaxConnections)),
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                })
                .RemoveAllLoggers();
        }

        // Admission control sized for the open-file limit when not set (see ProcessLimits), and a warning when set beyond it.
        services.AddHostedService<OpenFileLimitCheck>();
        services.AddOptions<WeChatOptions>().PostConfigure(o =>
        {
            if (o.MaxWaitingDeliveries == 0)
            {
                o.MaxWaitingDeliveries = ProcessLimits.DeliveriesWithin(ProcessLimits.OpenFiles());
            }
        });
        services.AddOptions<ChatOptions>().PostConfigure<IOptions<OpenAIOptions>>((chat, openAi) =>
        {
            if (chat.MaxConcurrentAnswers == 0)
            {
                chat.MaxConcurrentAnswers = ProcessLimits.AnswersWithin(ProcessLimits.OpenFiles(), ProcessLimits.SharesConnections(openAi.Value));
            }
        });

        // The sensitive-word filter's words (file, admin) and the optional /moderations check.
        services.AddScoped<IModerationWordStore, ModerationWordStore>();
        services.AddSingleton<ModerationWordsWatcher>();
        services.AddSingleton<IModerationWordsSource>(sp => sp.GetRequiredService<ModerationWordsWatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<ModerationWordsWatcher>());
        services.AddSingleton<IExternalModeration, OpenAIModeration>();
        services.AddHttpClient(OpenAIModeration.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5)).RemoveAllLoggers();

        // Pictures: photos fetched from WeChat only, decoded and scaled by Skia; images drawn by /images/generations.
        services.AddSingleton<Application.Pictures.IPictureCodec, Pictures.SkiaPictureCodec>();
        services.AddSingleton<Application.Pictures.IPictureSource, Pictures.WeChatPictureSource>();
        services.AddHttpClient(Pictures.WeChatPictureSource.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        services.AddSingleton<Application.Pictures.IImageModel, Pictures.OpenAIImageModel>();
        services.AddHttpClient(Pictures.OpenAIImageModel.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();

        // Voice: speech providers, ffmpeg, temporary files, uploaded-media bookkeeping.
        services.AddSingleton<ITempAudioFiles, TempAudioFiles>();
        services.AddSingleton<FfmpegAudioConverter>();
        services.AddSingleton<IAudioConverter>(sp => sp.GetRequiredService<FfmpegAudioConverter>());
        services.AddHostedService(sp => sp.GetRequiredService<FfmpegAudioConverter>());
        services.AddSingleton<AzureSpeech>();
        services.AddSingleton<OpenAISpeech>();
        services.AddSingleton<SpeechServices>();
        services.AddSingleton<ISpeechSynthesizer>(sp => sp.GetRequiredService<SpeechServices>());
        services.AddSingleton<ISpeechRecognizer>(sp => sp.GetRequiredService<SpeechServices>());
        services.AddHttpClient(AzureSpeech.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.AddScoped<IMediaStore, MediaStore>();
        services.AddScoped<ICallbackIpStore, CallbackIpStore>();

        AddJobs(builder, contentRoot);

        // WeChat's API (customer-service messages, typing, media, callback IPs).
        services.AddSingleton<WeChatAccessTokens>();
        services.AddSingleton<WeChatApiClient>();
        services.AddSingleton<IWeChatApi>(sp => sp.GetRequiredService<WeChatApiClient>());
        services.AddHttpClient(WeChatAccessTokens.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        services.AddHostedService<CallbackIpBootstrap>();

        // Operations: readiness checks and OTLP metrics export.
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready])
            .AddCheck<JobsHealthCheck>("jobs", tags: [HealthTags.Ready])
            .AddCheck<ModelKeysHealthCheck>("model-keys", tags: [HealthTags.Ready]);
        services.AddValidatedOptions<OtlpOptions, OtlpOptionsValidator>(OtlpOptions.SectionName);
        services.AddHostedService<OtlpMetricsExporter>();
        return builder;
    }

    /// <summary>
    /// SQLite: the group-commit writer and its write gate, the prepared read pool. The connection string is read when
    /// the pool is first used, so that hosts that add configuration late (tests) are honoured.
    /// </summary>
    private static void AddSqlite(IServiceCollection services, string contentRoot)
    {
        services.AddSingleton(sp => new DatabaseSettings(
            DatabaseProvider.Sqlite,
            SqliteConnectionString(sp.GetRequiredService<IConfiguration>().GetConnectionString("Default") ?? DefaultConnectionString, contentRoot)));
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<SqliteBatchWriter>();
        services.AddSingleton<IStatementWriter>(sp => sp.GetRequiredService<SqliteBatchWriter>());
        services.AddSingleton<SqliteReadPool>();
        services.AddSingleton<IStatementReader>(sp => sp.GetRequiredService<SqliteReadPool>());
        services.AddSingleton<SqliteConnectionInterceptor>();
        services.AddSingleton<SqliteWriteGateInterceptor>();
        // Stores take a short-lived context per operation from the pool: nothing holds a connection (and
        // its page cache) while a delivery waits in the reply window or an answer streams.
        services.AddPooledDbContextFactory<AppDbContext>((sp, o) => o
            .UseSqlite(sp.GetRequiredService<DatabaseSettings>().ConnectionString)
            .AddInterceptors(sp.GetRequiredService<SqliteConnectionInterceptor>(), sp.GetRequiredService<SqliteWriteGateInterceptor>()));

        // One process: its life, its limits and its access token are its own.
        services.AddSingleton<IProcessLife, SingleProcessLife>();
        services.AddSingleton<IRateLimiter, InMemoryRateLimiter>();
        services.AddSingleton<ISharedAccessToken, LocalAccessToken>();
        services.AddSingleton<IAnswerStreams, UnsharedAnswerStreams>();
    }

    /// <summary>
    /// PostgreSQL (<c>Database:Provider=PostgreSql</c>): one Npgsql data source (its connection pool) shared by EF Core
    /// and the hand-written statements; the model through <see cref="PostgresDbContext"/> and its own migrations.
    /// </summary>
    private static void AddPostgreSql(IServiceCollection services)
    {
        services.AddSingleton(sp => new DatabaseSettings(
            DatabaseProvider.PostgreSql,
            sp.GetRequiredService<IConfiguration>().GetConnectionString("Default") is { Length: > 0 } connectionString
                ? connectionString
                : throw new DatabaseConfigurationException("ConnectionStrings:Default: is required with Database:Provider=PostgreSql (an Npgsql connection string: Host=…;Port=…;Database=…;Username=…;Password=…).")));
        services.AddSingleton(sp =>
        {
            NpgsqlConnectionStringBuilder parsed;
            try
            {
                parsed = new NpgsqlConnectionStringBuilder(sp.GetRequiredService<DatabaseSettings>().ConnectionString);
            }
            catch (ArgumentException ex)
            {
                throw new DatabaseConfigurationException($"ConnectionStrings:Default: is not an Npgsql connection string ({ex.Message}).");
            }

            // Followers' deliveries wait at most 4.5 s: a connection that cannot be had in a few seconds is "busy".
            if (!parsed.ContainsKey("Timeout"))
            {
                parsed.Timeout = 5;
            }

            parsed.ApplicationName ??= "wechatgpt";

            // The hot path runs the same few statements all day: prepared on each connection after their second use,
            // so PostgreSQL plans them once. No session state is used (advisory locks are per transaction), so a
            // pooled connection needs no DISCARD ALL when it is taken again (which would also drop those statements).
            if (!parsed.ContainsKey("Max Auto Prepare"))
            {
                parsed.MaxAutoPrepare = 64;
                parsed.AutoPrepareMinUsages = 2;
            }

            if (!parsed.ContainsKey("No Reset On Close"))
            {
                parsed.NoResetOnClose = true;
            }
            return new NpgsqlDataSourceBuilder(parsed.ConnectionString).Build();
        });
        services.AddSingleton<PostgresStatements>();
        services.AddSingleton<IStatementWriter>(sp => sp.GetRequiredService<PostgresStatements>());
        services.AddSingleton<IStatementReader>(sp => sp.GetRequiredService<PostgresStatements>());
        services.AddPooledDbContextFactory<PostgresDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IDbContextFactory<AppDbContext>, PostgresContextFactory>();

        // Several instances may share the database: lives beat in it, settled replies and cache changes are announced
        // in it, and the limits and the access token are counted and kept in it. The life is registered here, before
        // the answer runner, so that it ends after the answers did.
        services.AddSingleton<PostgresProcessLife>();
        services.AddSingleton<IProcessLife>(sp => sp.GetRequiredService<PostgresProcessLife>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresProcessLife>());
        services.AddHostedService<PostgresReplyListener>();
        services.AddSingleton<PostgresAnswerStreams>();
        services.AddSingleton<IAnswerStreams>(sp => sp.GetRequiredService<PostgresAnswerStreams>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresAnswerStreams>());
        services.AddSingleton<IRateLimiter, PostgresRateLimiter>();
        services.AddSingleton<ISharedAccessToken, PostgresAccessToken>();
        services.AddSingleton<Application.Protection.IAuthFailures, PostgresAuthFailures>();
    }

    /// <summary>
    /// Jobs on Hangfire: storage in a SQLite file of its own (<c>ConnectionStrings:Jobs</c>, by default beside the
    /// database) so that its polling and locks stay out of the app's write gate; a server with a short poll so
    /// that a triggered job starts within about a second; our retry policy and failure scrubbing as this host's
    /// filters (Hangfire's global ones are static). <c>Jobs:Enabled=false</c> opens no storage and starts no server.
    /// </summary>
    private static void AddJobs(IHostApplicationBuilder builder, string contentRoot)
    {
        var services = builder.Services;
        services.AddValidatedOptions<JobsOptions, JobsOptionsValidator>(JobsOptions.SectionName);
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        if (!jobs.Enabled)
        {
            services.AddSingleton<IJobScheduler, DisabledJobScheduler>();
            return;
        }

        // Named after the instance (Instance:Name, else host name + process id): the jobs dashboard lists each instance's server.
        services.AddSingleton(sp => new JobServerIdentity(sp.GetRequiredService<InstanceIdentity>().Name));
        services.AddSingleton<JobStorage>(sp =>
        {
            // Hangfire's configuration first: it sets the (static) log provider the storage logs through.
            sp.GetRequiredService<IGlobalConfiguration>();
            var database = sp.GetRequiredService<DatabaseSettings>();
            if (database.IsPostgreSql)
            {
                // The jobs in the same database, in Hangfire's own schema: every instance's server shares them, and
                // a recurring job runs once per schedule across instances (Hangfire's distributed locks).
                var options = new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    QueuePollInterval = sp.GetRequiredService<IOptions<JobsOptions>>().Value.PollInterval,
                    PrepareSchemaIfNecessary = true,
                };
                return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(database.ConnectionString, options), options);
            }

            return new SQLiteStorage(
                JobsDatabasePath(sp.GetRequiredService<IConfiguration>(), contentRoot),
                new SQLiteStorageOptions { QueuePollInterval = sp.GetRequiredService<IOptions<JobsOptions>>().Value.PollInterval });
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(sp => JobFilters.Create(
            sp.GetRequiredService<IOptions<JobsOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("WeChatGpt.Infrastructure.Jobs")));
        services.AddHangfire((sp, config) => config
            .UseLogProvider(new HangfireLogs(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer((sp, server) =>
        {
            var o = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            server.ServerName = sp.GetRequiredService<JobServerIdentity>().Name;
            server.WorkerCount = o.Workers;
            server.SchedulePollingInterval = o.PollInterval;
            server.HeartbeatInterval = JobServerIdentity.HeartbeatInterval;
            server.ServerCheckInterval = TimeSpan.FromMinutes(1);
            server.ServerTimeout = TimeSpan.FromMinutes(2);
        });
        services.AddSingleton<IJobScheduler>(sp => new HangfireJobScheduler(
            sp.GetRequiredService<JobStorage>(),
            sp.GetRequiredService<IBackgroundJobClient>(),
            sp.GetRequiredService<IRecurringJobManager>(),
            JobsZone(sp),
            sp.GetRequiredService<IOptions<JobsOptions>>().Value.RetryAttempts));
        services.AddHostedService<RecurringJobs>();
    }

    /// <summary>The zone the schedules run in: <c>Jobs:TimeZone</c>, else the owner's (<c>Admin:TimeZone</c>).</summary>
    private static TimeZoneInfo JobsZone(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<JobsOptions>>().Value.TimeZone;
        return !string.IsNullOrWhiteSpace(configured) && JobsOptionsValidator.TryFindZone(configured, out var zone)
            ? zone
            : services.GetRequiredService<IOptions<AdminOptions>>().Value.FindZone();
    }

    /// <summary>Inbound connections at once (<c>Server:MaxConnections</c>; see <see cref="ProcessLimits.ConnectionsWithin"/>).</summary>
    public static long? InboundConnections(IConfiguration configuration) =>
        ProcessLimits.ConnectionsWithin(configuration.GetValue("Server:MaxConnections", 0L), ProcessLimits.OpenFiles());

    /// <summary>Hangfire's SQLite file: <c>ConnectionStrings:Jobs</c>, else <c>-jobs</c> beside the database (<c>App_Data/wechatgpt-jobs.db</c>).</summary>
    public static string JobsDatabasePath(IConfiguration configuration, string contentRoot)
    {
        var connectionString = configuration.GetConnectionString("Jobs");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var database = new SqliteConnectionStringBuilder(SqliteConnectionString(configuration.GetConnectionString("Default") ?? DefaultConnectionString, contentRoot)).DataSource;
            var jobs = Path.Combine(Path.GetDirectoryName(database)!, Path.GetFileNameWithoutExtension(database) + "-jobs" + Path.GetExtension(database));
            connectionString = $"Data Source={jobs}";
        }

        return new SqliteConnectionStringBuilder(SqliteConnectionString(connectionString, contentRoot)).DataSource;
    }

    /// <summary>
    /// Where antiforgery and cookie keys are kept so that they survive a restart: beside the SQLite database, or — with
    /// PostgreSQL, where several instances must accept each other's — in the shared database.
    /// </summary>
    public static IDataProtectionBuilder PersistKeysWithTheData(this IDataProtectionBuilder builder, IConfiguration configuration, string contentRoot)
    {
        if (DatabaseSettings.ProviderIn(configuration) == DatabaseProvider.PostgreSql)
        {
            builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, services) =>
                o.XmlRepository = new PostgresKeyRepository(services.GetRequiredService<NpgsqlDataSource>()));
            return builder;
        }

        return builder.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DataDirectory(configuration, contentRoot), "keys")));
    }

    /// <summary>Where the service keeps its state: the folder of the SQLite database (data-protection keys go there too).</summary>
    public static string DataDirectory(IConfiguration configuration, string contentRoot) =>
        Path.GetDirectoryName(new SqliteConnectionStringBuilder(
            SqliteConnectionString(configuration.GetConnectionString("Default") ?? DefaultConnectionString, contentRoot)).DataSource)!;

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
