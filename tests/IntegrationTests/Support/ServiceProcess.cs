using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>The built service run as its own process, as an operator runs it: started, signalled, stopped.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public IEnumerable<string> Output => _output;

    public int ExitCode => _process.ExitCode;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The process's resident memory now.</summary>
    public long ResidentBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>
    /// What the service needs to run against <paramref name="model"/> on a SQLite file of its own (in a fresh folder
    /// named after <paramref name="name"/>), jobs off; add or change settings on the returned dictionary.
    /// </summary>
    public static Dictionary<string, string> SqliteSettings(FakeOpenAiServer model, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"{name}-{Guid.NewGuid():N}")).FullName;
        return new Dictionary<string, string>
        {
            ["WeChat:Token"] = WeChatGptFactory.Token,
            ["OpenAI:BaseUrl"] = model.BaseUrl.ToString(),
            ["OpenAI:ApiKeys"] = WeChatGptFactory.ModelKey,
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "wechatgpt.db")}",
            ["Jobs:Enabled"] = "false",
        };
    }

    /// <summary>Starts the service with <paramref name="settings"/> (as environment variables) and waits until it listens.</summary>
    /// <param name="waitForListening">False for a start expected to fail: returns once the process runs.</param>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken, bool waitForListening = true)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WeChatGpt.WebApi.dll"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            service._output.Enqueue(e.Data);
            if (e.Data.Contains("Application started", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                service._output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitForListening)
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }

        return service;
    }

    /// <summary>SIGTERM, as systemd and Docker stop a service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public Task WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken) =>
        _process.WaitForExitAsync(cancellationToken).WaitAsync(within, cancellationToken);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
