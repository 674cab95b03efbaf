using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using WeChatGpt.Bench;

// Load driver for the /wechat webhook. See bench/README.md.
//   throughput [--app DLL] [--concurrency 64] [--seconds 15] [--warmup 3]
//   burst      [--app DLL] [--followers 2000] [--latency 8] [--precise-hangups 1]
//   soak       [--app DLL] [--minutes 30] [--rate 200]
//   options:   --model-http2 1 (the app talks HTTP/2 to the fake model), --set "Key=Value;Key=Value" (app environment),
//              --bare 1 (throughput against a bare Kestrel endpoint instead of the app: the floor of CPU per message),
//              --postgres "Host=…;Port=…;Username=…" (the app on PostgreSQL, a fresh database per run),
//              --instances 2 (that many app processes on the one PostgreSQL database, requests and deliveries in turn)
var mode = args.FirstOrDefault() ?? "throughput";
if (mode == "bare-server")
{
    return await BareServer.RunAsync();
}

var options = Options.Parse(args.Skip(1).ToArray());
var appDll = options.Get("app", Path.Combine("src", "WebApi", "bin", "Release", "net10.0", "WeChatGpt.WebApi.dll"));
if (!File.Exists(appDll))
{
    Console.Error.WriteLine($"Build the app first: dotnet build -c Release src/WebApi  (looked for {appDll})");
    return 2;
}

await using var model = await FakeModel.StartAsync();
var http2 = options.Get("model-http2", "0") == "1";
var settings = options.Get("set", string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
if (http2)
{
    settings["OpenAI__Http2"] = "Always";
}

var bare = options.Get("bare", "0") == "1";
var postgres = options.Get("postgres", string.Empty);
var instances = options.GetInt("instances", 1);
if (postgres.Length > 0)
{
    var database = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = $"wechatgpt_bench_{Guid.NewGuid():N}" };
    settings["Database__Provider"] = "PostgreSql";
    settings["ConnectionStrings__Default"] = database.ConnectionString;
}
else if (instances > 1)
{
    Console.Error.WriteLine("--instances needs --postgres: instances share one PostgreSQL database.");
    return 2;
}

var apps = new List<AppProcess>();
for (var n = 0; n < instances; n++)
{
    var own = new Dictionary<string, string>(settings) { ["Instance__Name"] = $"bench-{n + 1}" };
    apps.Add(bare
        ? await AppProcess.StartAsync(typeof(BareServer).Assembly.Location, model.BaseUrl, options.GetInt("port", 5091) + n, own, ["bare-server"])
        : await AppProcess.StartAsync(appDll, http2 ? model.Http2BaseUrl : model.BaseUrl, options.GetInt("port", 5091) + n, own));
}

await using var instancesOwner = new AsyncDisposables(apps);
var app = apps[0];
var pgPeak = postgres.Length > 0 ? PostgresConnections.Watch(settings["ConnectionStrings__Default"]) : null;
Console.WriteLine($"app: {(bare ? "bare Kestrel endpoint" : appDll)} on {string.Join(", ", apps.Select(a => a.Url))}; fake model on {(http2 ? model.Http2BaseUrl + " (HTTP/2)" : model.BaseUrl)}; {Environment.ProcessorCount} cores"
    + (settings.Count > 0 ? $"; {string.Join(", ", settings.Where(s => s.Key != "ConnectionStrings__Default").Select(s => $"{s.Key}={s.Value}"))}" : string.Empty)
    + (postgres.Length > 0 ? "; PostgreSQL" : "; SQLite"));

return mode switch
{
    "throughput" => await Throughput(options.GetInt("concurrency", 64), options.GetInt("seconds", 15), options.GetInt("warmup", 3)),
    "burst" => await Burst(options.GetInt("followers", 2000), options.GetInt("latency", 8)),
    "soak" => await Soak.RunAsync(app, model, options.GetInt("minutes", 30), options.GetInt("rate", 200)),
    _ => throw new ArgumentException($"Unknown mode {mode}: throughput or burst."),
};

async Task<int> Throughput(int concurrency, int seconds, int warmup)
{
    model.Latency = TimeSpan.Zero;
    using var http = Client(concurrency);
    long msgId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
    var latencies = new ConcurrentBag<double>();
    long ok = 0, wrong = 0, failed = 0;
    var measuring = false;
    var stop = DateTime.UtcNow.AddSeconds(warmup + seconds);
    var measureFrom = DateTime.UtcNow.AddSeconds(warmup);

    var cpuAtStart = Task.Run(async () =>
    {
        await Task.Delay(measureFrom - DateTime.UtcNow);
        return CpuTime();
    });
    var workers = Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var local = new List<double>(100_000);
        while (DateTime.UtcNow < stop)
        {
            var id = Interlocked.Increment(ref msgId);
            var body = TextMessage($"bench-follower-{id % 5000}", $"基准测试问题 {id}", id);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "text/xml");
                using var response = await http.PostAsync(apps[(int)(id % apps.Count)].Url + "wechat" + Signing.Query(), content);
                var text = await response.Content.ReadAsStringAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (DateTime.UtcNow >= measureFrom)
                {
                    measuring = true;
                    local.Add(elapsed);
                    if (response.StatusCode == HttpStatusCode.OK && text.Contains(FakeModel.Answer, StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failed);
            }
        }

        foreach (var l in local)
        {
            latencies.Add(l);
        }
    }).ToArray();
    await Task.WhenAll(workers);
    var cpu = CpuTime() - await cpuAtStart;
    _ = measuring;

    var sorted = latencies.Order().ToArray();
    var rate = (ok + wrong) / (double)seconds;
    Console.WriteLine($"throughput: {rate:0} msg/s answered over {seconds} s (concurrency {concurrency}, after {warmup} s warm-up)");
    Console.WriteLine($"  answered in full: {ok}, other replies: {wrong}, transport errors: {failed}");
    Console.WriteLine($"  latency ms: p50 {P(sorted, 0.50):0.0}  p90 {P(sorted, 0.90):0.0}  p99 {P(sorted, 0.99):0.0}  max {sorted.LastOrDefault():0.0}");
    Console.WriteLine($"  app CPU per message: {cpu.TotalMilliseconds * 1000 / Math.Max(1, ok + wrong):0} µs ({cpu.TotalSeconds / seconds:0.00} cores)");
    Console.WriteLine($"  app peak RSS {Rss()}, peak threads {app.PeakThreads}, peak fds {app.PeakFds}; model calls {model.Requests}{Connections()}");
    return wrong + failed == 0 ? 0 : 1;
}

async Task<int> Burst(int followers, int latencySeconds)
{
    using var http = Client(followers * 2);
    var baseId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    // A running service is warm: a few hundred quick messages first, so the burst does not measure JIT start-up.
    model.Latency = TimeSpan.Zero;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(async w =>
    {
        for (var i = 0; i < 40; i++)
        {
            using var content = new StringContent(TextMessage($"warm-up-{w}", $"预热 {i}", baseId - 100_000 - (w * 100) - i), Encoding.UTF8, "text/xml");
            using var response = await http.PostAsync(app.Url + "wechat" + Signing.Query(), content);
        }
    }));
    var warmUpCalls = Interlocked.Exchange(ref model.Requests, 0);
    model.Arrivals.Clear();
    model.Answers.Clear();
    Console.WriteLine($"warm-up: {warmUpCalls} quick messages");
    model.Latency = TimeSpan.FromSeconds(latencySeconds);
    var outcomes = new ConcurrentDictionary<string, int>();
    var deliveries = new ConcurrentDictionary<int, int>();
    var unanswered = new ConcurrentBag<int>();
    // WeChat's hang-ups on time (a thread of their own), unless --precise-hangups 0: HttpClient's cancellation, as before.
    using var precise = options.Get("precise-hangups", "1") == "1" ? new PreciseDelivery() : null;
    var hangUpLate = precise?.Lateness ?? new ConcurrentBag<double>();
    var hungUpAt = new ConcurrentDictionary<int, long>();
    var dropsBefore = ListenDrops();
    var appCpuBefore = CpuTime();
    var driverCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var started = Stopwatch.StartNew();
    var burstStart = Stopwatch.GetTimestamp();

    // Every follower asks at the same moment; WeChat hangs up after 5 s and delivers again, 3 times at most.
    var simulated = Enumerable.Range(0, followers).Select(async i =>
    {
        var body = TextMessage($"burst-follower-{i}", $"同时提问 {i}", baseId + i);
        var signed = Signing.Query(); // one push: its redeliveries repeat it byte for byte
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var target = apps[(i + delivery - 1) % apps.Count].Url;
            var sent = Stopwatch.GetTimestamp();
            int status;
            string text;
            try
            {
                if (precise is not null)
                {
                    if (await precise.PostAsync(target, "/wechat" + signed, body, TimeSpan.FromSeconds(5)) is not { } reply)
                    {
                        // WeChat's 5-second timeout, on time: deliver again.
                        hungUpAt[i] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                        continue;
                    }

                    (status, text) = reply;
                }
                else
                {
                    using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    using var content = new StringContent(body, Encoding.UTF8, "text/xml");
                    using var response = await http.PostAsync(target + "wechat" + signed, content, hangUp.Token);
                    text = await response.Content.ReadAsStringAsync(hangUp.Token);
                    status = (int)response.StatusCode;
                }
            }
            catch (OperationCanceledException) when (precise is null)
            {
                // WeChat's 5-second timeout: deliver again. How late this process noticed its own timeout (a driver
                // starved of CPU hangs up late, and a reply that came meanwhile is lost to it, not to the follower).
                hangUpLate.Add(Stopwatch.GetElapsedTime(sent).TotalSeconds - 5);
                hungUpAt[i] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                continue;
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                outcomes.AddOrUpdate("transport error", 1, (_, n) => n + 1);
                unanswered.Add(i);
                return;
            }

            deliveries.AddOrUpdate(delivery, 1, (_, n) => n + 1);
            var outcome = text.Contains(FakeModel.Answer, StringComparison.Ordinal) ? "answered in full"
                : text.Contains("排队", StringComparison.Ordinal) ? "queued (Texts:Crowded, 继续 later)"
                : text.Contains("继续", StringComparison.Ordinal) ? "partial / 继续 hint"
                : status == (int)HttpStatusCode.OK ? "other reply" : $"HTTP {status}";
            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            if (outcome != "answered in full")
            {
                unanswered.Add(i);
            }

            return;
        }

        outcomes.AddOrUpdate("failure notice (no reply in 3 deliveries)", 1, (_, n) => n + 1);
        unanswered.Add(i);
    }).ToArray();
    await Task.WhenAll(simulated);
    var burstTook = started.Elapsed;
    var appCpu = CpuTime() - appCpuBefore;
    var driverCpu = Process.GetCurrentProcess().TotalProcessorTime - driverCpuBefore;
    var drops = ListenDrops() - dropsBefore;
    var peakFds = app.PeakFds;
    var peakRss = Rss();
    var peakThreads = app.PeakThreads;

    // Everyone not answered in full sends "继续" afterwards (as a follower told to would): the answer must be there.
    var reachable = 0;
    var notReachable = 0;
    var lastReplies = new ConcurrentDictionary<string, int>();
    var notFound = new ConcurrentBag<int>();
    if (!unanswered.IsEmpty)
    {
        using var gate = new SemaphoreSlim(256);
        var deadline = DateTime.UtcNow.AddSeconds(Math.Max(120, latencySeconds * 4));
        await Task.WhenAll(unanswered.Distinct().Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var last = "no reply";
                var nothing = 0;
                for (var attempt = 0; DateTime.UtcNow < deadline; attempt++)
                {
                    var body = TextMessage($"burst-follower-{i}", "继续", baseId + 10_000_000 + (i * 100L) + attempt);
                    using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    try
                    {
                        using var content = new StringContent(body, Encoding.UTF8, "text/xml");
                        using var response = await http.PostAsync(apps[(i + attempt + 1) % apps.Count].Url + "wechat" + Signing.Query(), content, hangUp.Token);
                        var text = await response.Content.ReadAsStringAsync(hangUp.Token);
                        if (text.Contains("认真思考过了", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref reachable);
                            return;
                        }

                        last = Content(text);
                        if (text.Contains("没有需要继续", StringComparison.Ordinal) && ++nothing == 3)
                        {
                            // Told three times, 3 s apart, that there is nothing to continue: the answer is lost. Free the slot.
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
                    {
                        last = ex.GetType().Name;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(3));
                }

                Interlocked.Increment(ref notReachable);
                lastReplies.AddOrUpdate(last, 1, (_, n) => n + 1);
                if (last != "no reply")
                {
                    notFound.Add(i);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    var full = outcomes.GetValueOrDefault("answered in full");
    Console.WriteLine($"burst: {followers} followers at once, model latency {latencySeconds} s, done in {burstTook.TotalSeconds:0.0} s");
    foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value))
    {
        Console.WriteLine($"  {outcome}: {count} ({100.0 * count / followers:0.0}%)");
    }

    Console.WriteLine($"  replies by delivery: {string.Join(", ", deliveries.OrderBy(d => d.Key).Select(d => $"#{d.Key}: {d.Value}"))}");
    Console.WriteLine($"  model calls: {model.Requests} (one per follower expected)");
    var arrivals = model.Arrivals.Select(t => Stopwatch.GetElapsedTime(burstStart, t).TotalSeconds).Order().ToArray();
    Console.WriteLine($"  questions reached the model after (s): p50 {P(arrivals, 0.5):0.00}  p90 {P(arrivals, 0.9):0.00}  max {arrivals.LastOrDefault():0.00}");
    var answered = model.Answers.Select(t => Stopwatch.GetElapsedTime(burstStart, t).TotalSeconds).Order().ToArray();
    Console.WriteLine($"  the model sent its answers after (s): p50 {P(answered, 0.5):0.00}  p90 {P(answered, 0.9):0.00}  max {answered.LastOrDefault():0.00}");
    Console.WriteLine($"  app peak RSS {peakRss}, peak threads {peakThreads}, peak fds {peakFds}; listen drops (TcpExtListenDrops) {drops}{Connections()}");
    // Who had the machine: the app, and the driver (WeChat and the fake model), in cores over the burst.
    Console.WriteLine($"  CPU during the burst: app {appCpu.TotalSeconds / burstTook.TotalSeconds:0.00} cores, driver and fake model {driverCpu.TotalSeconds / burstTook.TotalSeconds:0.00} cores, of {Environment.ProcessorCount}");
    var late = hangUpLate.Order().ToArray();
    Console.WriteLine($"  the driver's hang-ups, late by (s): p50 {P(late, 0.5):0.00}  p99 {P(late, 0.99):0.00}  max {late.LastOrDefault():0.00} ({late.Length} hang-ups)");
    if (!unanswered.IsEmpty)
    {
        Console.WriteLine($"  继续 afterwards: answer reachable for {reachable} of {reachable + notReachable} followers not answered in full");
        foreach (var (reply, count) in lastReplies.OrderByDescending(r => r.Value).Take(5))
        {
            Console.WriteLine($"    last reply to 继续 of {count} not reachable: {reply}");
        }

        if (!notFound.IsEmpty)
        {
            Console.WriteLine($"    for example: {string.Join(", ", notFound.Take(5).Select(i => $"burst-follower-{i}"))}");
            if (Environment.GetEnvironmentVariable("BENCH_KEEP_DATABASE") == "1")
            {
                // To put next to the ledger's RepliedAt: a reply settled before the driver actually hung up reached a live socket.
                var path = Path.Combine(Path.GetTempPath(), "wechatgpt-bench-not-found.csv");
                File.WriteAllLines(path, notFound.Select(i => $"burst-follower-{i},{hungUpAt.GetValueOrDefault(i)}"));
                Console.WriteLine($"    their last hang-up (Unix ms): {path}");
            }
        }
    }

    return full == followers && model.Requests == followers ? 0 : 1;
}

static string Content(string xml)
{
    var start = xml.IndexOf("<Content><![CDATA[", StringComparison.Ordinal);
    var end = start < 0 ? -1 : xml.IndexOf("]]></Content>", start, StringComparison.Ordinal);
    var text = start < 0 || end < 0 ? xml : xml[(start + 18)..end];
    return text.Length > 60 ? text[..60] : text;
}

TimeSpan CpuTime() => apps.Aggregate(TimeSpan.Zero, (sum, a) => sum + a.CpuTime());

string Rss() => string.Join(" / ", apps.Select(a => $"{a.PeakRssBytes / 1024 / 1024} MB"));

string Connections() => pgPeak is null ? string.Empty : $"; PostgreSQL connections at most {pgPeak.Peak}";

static HttpClient Client(int connections) => Signing.Client(connections);

// Connections the kernel dropped at a full listen queue, machine-wide (TcpExt ListenDrops in /proc/net/netstat).
static long ListenDrops()
{
    var lines = File.ReadAllLines("/proc/net/netstat").Where(l => l.StartsWith("TcpExt:", StringComparison.Ordinal)).ToArray();
    var names = lines[0].Split(' ');
    var values = lines[1].Split(' ');
    return long.Parse(values[Array.IndexOf(names, "ListenDrops")], CultureInfo.InvariantCulture);
}

static string TextMessage(string from, string content, long msgId) => Signing.Text(from, content, msgId);

static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int GetInt(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Disposes the app processes (the driver's `await using` of one list).</summary>
internal sealed class AsyncDisposables(IEnumerable<IAsyncDisposable> items) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        foreach (var item in items)
        {
            await item.DisposeAsync();
        }
    }
}

/// <summary>How many connections the app's database had at most (pg_stat_activity, sampled every 200 ms).</summary>
internal sealed class PostgresConnections
{
    private int _peak;

    public int Peak => _peak;

    public static PostgresConnections Watch(string connectionString)
    {
        var watcher = new PostgresConnections();
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        _ = Task.Run(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(admin);
            await connection.OpenAsync();
            while (true)
            {
                await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db", connection);
                count.Parameters.AddWithValue("db", database.Database!);
                var now = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
                if (now > watcher._peak)
                {
                    watcher._peak = now;
                }

                await Task.Delay(200);
            }
        });
        return watcher;
    }
}
