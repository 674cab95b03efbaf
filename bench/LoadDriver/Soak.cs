using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace WeChatGpt.Bench;

/// <summary>
/// A steady mixed load for a long time, one line a minute: is anything growing (memory, threads, handles, latency)?
/// The mix, per 100 messages: 70 text questions, 10 voice messages with WeChat's Recognition, 8 events (subscribe,
/// an unknown menu click, a link view), 5 questions delivered twice at once (a redelivery racing the first), 3
/// 继续, and 4 refused requests (bad signature, malformed XML, stale timestamp). The fake model fails one request
/// in 200 with HTTP 500, ends one stream in 200 without a finish, and takes 7 s for one in 200 (past the first
/// delivery). The driver plays WeChat: hangs up at 5 s, delivers again, 3 deliveries at most.
/// </summary>
internal static class Soak
{
    private const int Followers = 3000;

    public static async Task<int> RunAsync(AppProcess app, FakeModel model, int minutes, int rate)
    {
        model.Latency = TimeSpan.Zero;
        model.Faults = true;
        using var http = Signing.Client(4096);
        var minute = new Minute();
        var minutesSeen = new List<Minute>();
        var inFlight = 0L;
        var msgId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var sequence = 0L;
        var started = Stopwatch.StartNew();
        var lines = new List<(int Minute, long Rss, int Threads, int Handles, double P99)>();

        Console.WriteLine($"soak: {rate} msg/s for {minutes} min, {Followers} followers; one line a minute");
        Console.WriteLine("  min   sent  answered  partial  other  refused  notices  5xx  errors   p50 ms   p99 ms   max ms   RSS MB  threads  handles  in-flight");
        var nextLine = TimeSpan.FromMinutes(1);
        double owed = 0;
        var last = started.Elapsed;
        while (started.Elapsed < TimeSpan.FromMinutes(minutes))
        {
            await Task.Delay(10);
            var now = started.Elapsed;
            owed += (now - last).TotalSeconds * rate;
            last = now;
            for (; owed >= 1; owed--)
            {
                var n = Interlocked.Increment(ref sequence);
                var id = Interlocked.Increment(ref msgId);
                Interlocked.Increment(ref inFlight);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await SendAsync(http, app.Url, n, id, minute);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                });
            }

            if (now >= nextLine)
            {
                var done = Interlocked.Exchange(ref minute, new Minute());
                var (rss, threads, handles) = app.Sample();
                var sorted = done.Latencies.Order().ToArray();
                var p99 = P(sorted, 0.99);
                lines.Add(((int)nextLine.TotalMinutes, rss, threads, handles, p99));
                minutesSeen.Add(done);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(int)nextLine.TotalMinutes,3} {done.Sent,6} {done.Answered,9} {done.Partial,8} {done.Other,6} {done.Refused,8} {done.Notices,8} {done.ServerErrors,4} {done.Errors,7} {P(sorted, 0.5),8:0.0} {p99,8:0.0} {sorted.LastOrDefault(),8:0.0} {rss / 1048576,8} {threads,8} {handles,8} {Interlocked.Read(ref inFlight),10}"));
                nextLine += TimeSpan.FromMinutes(1);
            }
        }

        // Let the last deliveries finish (at most three 5-second deliveries).
        var drain = Stopwatch.StartNew();
        while (Interlocked.Read(ref inFlight) > 0 && drain.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        // Totals after the drain: a minute's late deliveries (a stalled answer) count in it after its line was printed.
        minutesSeen.Add(minute);
        var total = new Minute();
        minutesSeen.ForEach(total.Add);
        Console.WriteLine($"soak: {total.Sent} messages; answered {total.Answered}, partial {total.Partial}, other replies {total.Other}, refused as expected {total.Refused}; "
            + $"failure notices {total.Notices}, 5xx {total.ServerErrors}, unexpected {total.Errors}");
        if (lines.Count >= 4)
        {
            // Flat is the goal: compare the second minute (warm) with the last.
            var (first, end) = (lines[1], lines[^1]);
            Console.WriteLine($"  minute {first.Minute} → {end.Minute}: RSS {first.Rss / 1048576} → {end.Rss / 1048576} MB, threads {first.Threads} → {end.Threads}, handles {first.Handles} → {end.Handles}, p99 {first.P99:0.0} → {end.P99:0.0} ms");
        }

        return total.Notices + total.ServerErrors + total.Errors == 0 ? 0 : 1;
    }

    private static async Task SendAsync(HttpClient http, Uri app, long n, long id, Minute minute)
    {
        var follower = $"soak-follower-{id % Followers}";
        var slot = (int)(n % 100);
        Interlocked.Increment(ref minute.Sent);
        switch (slot)
        {
            case >= 96 and <= 97:
                await RefusedAsync(http, app + "wechat" + Signing.Query("wrong-token"), Signing.Text(follower, "伪造", id), HttpStatusCode.Unauthorized, minute);
                return;
            case 98:
                await RefusedAsync(http, app + "wechat" + Signing.Query(), "<xml><ToUserName>gh</ToUserName>", HttpStatusCode.BadRequest, minute);
                return;
            case 99:
                await RefusedAsync(http, app + "wechat" + Signing.Query(timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600), Signing.Text(follower, "旧的", id), HttpStatusCode.Unauthorized, minute);
                return;
        }

        var body = slot switch
        {
            < 70 => Signing.Text(follower, $"浸泡测试问题 {id}", id),
            < 80 => Signing.Voice(follower, $"语音问题 {id}", id),
            < 83 => Signing.Event(follower, "subscribe"),
            < 86 => Signing.Event(follower, "CLICK", "unknown-key"),
            < 88 => Signing.Event(follower, "VIEW", "https://example.com/"),
            < 93 => Signing.Text(follower, $"重复投递 {id}", id),
            _ => Signing.Text(follower, "继续", id),
        };
        var query = app + "wechat" + Signing.Query();
        if (slot is >= 88 and < 93)
        {
            // A redelivery racing the first delivery of the same push (same query, same body).
            await Task.WhenAll(DeliverAsync(http, query, body, minute, counts: false), DeliverAsync(http, query, body, minute, counts: true));
            return;
        }

        await DeliverAsync(http, query, body, minute, counts: true);
    }

    private static async Task DeliverAsync(HttpClient http, string url, string body, Minute minute, bool counts)
    {
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "text/xml");
                using var response = await http.PostAsync(url, content, hangUp.Token);
                var text = await response.Content.ReadAsStringAsync(hangUp.Token);
                minute.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!counts)
                {
                    return;
                }

                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref minute.ServerErrors);
                }
                else if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref minute.Errors);
                }
                else if (text.Contains(FakeModel.Answer, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref minute.Answered);
                }
                else if (text.Contains("继续", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref minute.Partial);
                }
                else
                {
                    Interlocked.Increment(ref minute.Other);
                }

                return;
            }
            catch (OperationCanceledException) when (hangUp.IsCancellationRequested)
            {
                // WeChat's 5-second timeout: deliver again.
            }
            catch (HttpRequestException)
            {
                if (counts)
                {
                    Interlocked.Increment(ref minute.Errors);
                }

                return;
            }
        }

        if (counts)
        {
            Interlocked.Increment(ref minute.Notices);
        }
    }

    private static async Task RefusedAsync(HttpClient http, string url, string body, HttpStatusCode expected, Minute minute)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "text/xml");
            using var response = await http.PostAsync(url, content);
            minute.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if ((int)response.StatusCode >= 500)
            {
                Interlocked.Increment(ref minute.ServerErrors);
            }
            else if (response.StatusCode == expected)
            {
                Interlocked.Increment(ref minute.Refused);
            }
            else
            {
                Interlocked.Increment(ref minute.Errors);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref minute.Errors);
        }
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private sealed class Minute
    {
        public long Sent;
        public long Answered;
        public long Partial;
        public long Other;
        public long Refused;
        public long Notices;
        public long ServerErrors;
        public long Errors;
        public ConcurrentBag<double> Latencies { get; } = [];

        public void Add(Minute other)
        {
            Sent += other.Sent;
            Answered += other.Answered;
            Partial += other.Partial;
            Other += other.Other;
            Refused += other.Refused;
            Notices += other.Notices;
            ServerErrors += other.ServerErrors;
            Errors += other.Errors;
        }
    }
}
