using System.Diagnostics;

namespace WeChatGpt.Bench;

/// <summary>The service under test in its own process (Release build), so that its memory and threads are its own.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _database;
    private long _peakRss;
    private int _peakThreads;
    private int _peakFds;
    private readonly CancellationTokenSource _sampling = new();
    private readonly Task _sampler;

    private AppProcess(Process process, string database, Uri url)
    {
        _process = process;
        _database = database;
        Url = url;
        _sampler = Task.Run(SampleAsync);
    }

    public Uri Url { get; }

    public const string Token = "BenchToken1";

    public long PeakRssBytes => Math.Max(_peakRss, SafePeak());

    public int PeakThreads => _peakThreads;

    /// <summary>The most file descriptors the process held open at once (sampled every 100 ms).</summary>
    public int PeakFds => _peakFds;

    /// <summary>CPU time the process used so far (user + system, from /proc/PID/stat).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat (utime, stime), counted from the state field (3): indexes 11 and 12, in clock ticks (100 Hz).
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>The process's resident memory, threads and open file descriptors (handles) now.</summary>
    public (long RssBytes, int Threads, int Handles) Sample()
    {
        _process.Refresh();
        var fds = $"/proc/{_process.Id}/fd";
        var handles = Directory.Exists(fds) ? Directory.GetFileSystemEntries(fds).Length : _process.HandleCount;
        return (_process.WorkingSet64, _process.Threads.Count, handles);
    }

    public static async Task<AppProcess> StartAsync(string appDll, Uri modelBaseUrl, int port, IReadOnlyDictionary<string, string>? settings = null, string[]? arguments = null)
    {
        var database = Path.Combine(Path.GetTempPath(), $"wechatgpt-bench-{Guid.NewGuid():N}.db");
        var url = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [Path.GetFullPath(appDll), .. arguments ?? []])
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(appDll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["WeChat__Token"] = Token;
        start.Environment["OpenAI__BaseUrl"] = modelBaseUrl.ToString();
        start.Environment["OpenAI__ApiKeys"] = "sk-bench-key";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={database}";
        start.Environment["RateLimit__PermitsPerMinute"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        if (Environment.GetEnvironmentVariable("BENCH_PERF_MAP") == "1")
        {
            // Lets `perf` name JIT-compiled frames (see bench/README.md, profiling).
            start.Environment["DOTNET_PerfMapEnabled"] = "1";
            start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var ready = new TaskCompletionSource();
        // BENCH_APP_LOG=path keeps the app's log (warnings and above) for reading afterwards.
        var log = Environment.GetEnvironmentVariable("BENCH_APP_LOG") is { Length: > 0 } logPath ? TextWriter.Synchronized(new StreamWriter(logPath, append: true) { AutoFlush = true }) : null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log?.WriteLine(e.Data);
            }

            if (e.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("[app] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new AppProcess(process, database, url);
    }

    private async Task SampleAsync()
    {
        while (!_sampling.IsCancellationRequested)
        {
            try
            {
                _process.Refresh();
                _peakRss = Math.Max(_peakRss, _process.WorkingSet64);
                _peakThreads = Math.Max(_peakThreads, _process.Threads.Count);
                var fds = $"/proc/{_process.Id}/fd";
                if (Directory.Exists(fds))
                {
                    _peakFds = Math.Max(_peakFds, Directory.GetFileSystemEntries(fds).Length);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                return;
            }

            try
            {
                await Task.Delay(100, _sampling.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private long SafePeak()
    {
        try
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sampling.CancelAsync();
        await _sampler;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (Environment.GetEnvironmentVariable("BENCH_KEEP_DATABASE") == "1")
        {
            // To look at the ledger after a run (bench/README.md).
            Console.WriteLine($"database kept: {_database}");
            return;
        }

        var jobs = Path.Combine(Path.GetDirectoryName(_database)!, Path.GetFileNameWithoutExtension(_database) + "-jobs.db");
        foreach (var file in new[] { _database, jobs })
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
    }
}
