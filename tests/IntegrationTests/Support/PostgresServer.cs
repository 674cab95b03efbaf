using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// A real PostgreSQL server for the tests: the one named by <c>WECHATGPT_TEST_POSTGRES</c> (an Npgsql connection
/// string to a role that may create databases; <c>.ci/run</c> starts a throwaway cluster and sets it), else a
/// throwaway cluster of our own when PostgreSQL's binaries are installed (<c>initdb</c> into a temp folder, started on
/// a free loopback port, as the <c>postgres</c> system user when the tests run as root; stopped when the tests end).
/// Each test gets a database of its own. With neither, PostgreSQL tests are skipped — unless
/// <c>WECHATGPT_REQUIRE_POSTGRES=1</c> (CI), when they fail.
/// </summary>
public static class PostgresServer
{
    public const string ConnectionVariable = "WECHATGPT_TEST_POSTGRES";
    public const string RequireVariable = "WECHATGPT_REQUIRE_POSTGRES";

    /// <summary>Run the whole suite's app hosts on PostgreSQL instead of SQLite (<c>WECHATGPT_TEST_DATABASE=PostgreSql</c>).</summary>
    public const string ProviderVariable = "WECHATGPT_TEST_DATABASE";

    private static readonly Lazy<(string? ConnectionString, string? Why)> Server = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);
    private static OwnCluster? _own;

    /// <summary>Whether the app hosts of this test run use PostgreSQL.</summary>
    public static bool IsSuiteProvider => string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "PostgreSql", StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection string to a new, empty database of its own; skips (or fails in CI) without a server.</summary>
    public static string NewDatabase()
    {
        var (server, why) = Server.Value;
        if (server is null)
        {
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                throw new InvalidOperationException($"PostgreSQL is required ({RequireVariable}=1) but not available: {why}");
            }

            Assert.Skip($"PostgreSQL not available: {why}");
        }

        var name = $"wg_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            create.ExecuteNonQuery();
        }

        // The server's own string may turn pooling off (CI's does, for the admin connections); an app host pools its
        // connections as any deployment does — without, every statement of a crowd test forked a PostgreSQL backend,
        // and after the suite's other tests that alone made a real-time crowd's answers late.
        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>The server's address, for a test that needs to reach it in its own way.</summary>
    public static string? Address => Server.Value.ConnectionString;

    private static (string?, string?) Find()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } configured)
        {
            return (configured, null);
        }

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null)
        {
            return (null, $"set {ConnectionVariable}, or install PostgreSQL (apt: postgresql) for a throwaway cluster");
        }

        try
        {
            _own = OwnCluster.Start(bin);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _own.Stop();
            return (_own.ConnectionString, null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            return (null, $"a throwaway cluster did not start: {ex.Message}");
        }
    }

    /// <summary>initdb + pg_ctl on a temp folder and a free loopback port; trust authentication on loopback only.</summary>
    private sealed class OwnCluster
    {
        private readonly string _bin;
        private readonly string _data;
        private readonly bool _asPostgresUser;

        private OwnCluster(string bin, string data, int port, bool asPostgresUser)
        {
            _bin = bin;
            _data = data;
            _asPostgresUser = asPostgresUser;
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        }

        public string ConnectionString { get; }

        public static OwnCluster Start(string bin)
        {
            var root = Path.Combine(Path.GetTempPath(), $"wechatgpt-pg-{Guid.NewGuid():N}");
            Directory.CreateDirectory(root);
            var asPostgres = Environment.UserName == "root";
            if (asPostgres)
            {
                // PostgreSQL refuses to run as root: the cluster belongs to the postgres system user.
                Run("chown", ["postgres", root], asPostgresUser: false);
            }

            var data = Path.Combine(root, "data");
            var port = FreePort();
            var cluster = new OwnCluster(bin, data, port, asPostgres);
            cluster.Run(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
            cluster.Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-w", "-l", Path.Combine(root, "log"), "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400", "start"]);
            return cluster;
        }

        public void Stop()
        {
            try
            {
                Run(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        private void Run(string file, string[] arguments) => OwnCluster.Run(file, arguments, _asPostgresUser);

        private static void Run(string file, string[] arguments, bool asPostgresUser)
        {
            var start = new ProcessStartInfo(asPostgresUser ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (asPostgresUser)
            {
                foreach (var argument in new[] { "-u", "postgres", "--", file })
                {
                    start.ArgumentList.Add(argument);
                }
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(60_000) || process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)} failed: {error.Trim()} {output.Result.Trim()}".Trim());
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
