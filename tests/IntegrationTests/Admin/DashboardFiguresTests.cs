using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

/// <summary>Today's figures from what really happened to messages, on a simulated WeChat and a manual clock.</summary>
public sealed class DashboardFiguresTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TodaysFigures_CountEachOutcome_AndTheModelLatency()
    {
        // The host starts a day early and answers one message then: cold start (JIT, connections, the job store's schema)
        // happens on yesterday's clock, not in the compressed seconds of today's deliveries — and is not today's figure.
        await using var factory = new WeChatGptFactory().WithAdmin().With("Admin:TimeZone", MiddayZone()).UseManualClock(DateTimeOffset.UtcNow.AddDays(-1));
        var clock = factory.Clock!;
        (await Deliver(factory, Messages.Text("o-dash-warm", "预热"))).Delivery.ShouldBe(1);
        clock.Advance(TimeSpan.FromDays(1));
        factory.Model.Script = r => r.LastUserMessage switch
        {
            "快问题" => new ModelScript { Answer = "快答。", Latency = TimeSpan.FromSeconds(1) },
            "慢问题" => new ModelScript { Answer = "慢答。", Latency = TimeSpan.FromSeconds(3) },
            "长问题" => new ModelScript { Answer = string.Concat(Enumerable.Range(1, 23).Select(i => $"第{i:00}句话。")), Latency = TimeSpan.FromSeconds(2), ChunkChars = 6, ChunkDelay = TimeSpan.FromSeconds(1) },
            "坏问题" => new ModelScript { Status = 500 },
            _ => new ModelScript { Answer = "好。" },
        };
        var admin = factory.AdminClient();
        await admin.PostAsJsonAsync("/admin/api/keywords", new { keyword = "营业时间", match = "Exact", reply = "9 点到 6 点。" }, Ct);

        var partial = await Deliver(factory, Messages.Text("o-dash-1", "长问题"));
        partial.Delivery.ShouldBe(3);
        await ClockDriver.AdvanceAsync(clock, TimeSpan.FromSeconds(15));
        await Deliver(factory, Messages.Text("o-dash-1", "继续"));
        await Deliver(factory, Messages.Text("o-dash-2", "快问题"));
        await Deliver(factory, Messages.Text("o-dash-2", "慢问题"));
        await Deliver(factory, Messages.Text("o-dash-3", "营业时间"));
        await Deliver(factory, Messages.Text("o-dash-3", "坏问题"));
        await Deliver(factory, Messages.Event("o-dash-4", "subscribe", createTime: clock.GetUtcNow().ToUnixTimeSeconds()));

        var today = await admin.GetFromJsonAsync<JsonElement>("/admin/api/figures/today", Ct);
        var m = today.GetProperty("messages");

        m.GetProperty("received").GetInt32().ShouldBe(6);
        m.GetProperty("events").GetInt32().ShouldBe(1);
        m.GetProperty("answered").GetInt32().ShouldBe(2);
        m.GetProperty("partial").GetInt32().ShouldBe(1);
        m.GetProperty("continued").GetInt32().ShouldBe(1);
        m.GetProperty("canned").GetInt32().ShouldBe(2);
        m.GetProperty("modelErrors").GetInt32().ShouldBe(1);
        today.GetProperty("turns").GetInt32().ShouldBe(3);
        var average = TimeSpan.Parse(today.GetProperty("averageModelLatency").GetString()!, CultureInfo.InvariantCulture);
        var p95 = TimeSpan.Parse(today.GetProperty("p95ModelLatency").GetString()!, CultureInfo.InvariantCulture);
        // 1 s, 3 s and about 25 s (the long answer streams for 23 simulated seconds after a 2 s start).
        p95.TotalSeconds.ShouldBeInRange(20, 30);
        average.TotalSeconds.ShouldBeInRange((1 + 3 + 20) / 3.0, (1.5 + 3.5 + 30) / 3.0);

        // The page shows the same.
        var page = await admin.GetStringAsync("/admin", Ct);
        page.ShouldContain("<div class=\"value\">6</div><div class=\"label\">Messages received</div>");
        page.ShouldContain("<div class=\"value\">1</div><div class=\"label\">继续 requests</div>");
    }

    [Fact]
    public async Task YesterdaysMessages_AreNotToday()
    {
        await using var factory = new WeChatGptFactory().WithAdmin().With("Admin:TimeZone", MiddayZone()).UseManualClock();
        await Deliver(factory, Messages.Text("o-dash-y", "你好"));

        factory.Clock!.Advance(TimeSpan.FromHours(24));
        var today = await factory.AdminClient().GetFromJsonAsync<JsonElement>("/admin/api/figures/today", Ct);

        today.GetProperty("messages").GetProperty("received").GetInt32().ShouldBe(0);
        today.GetProperty("turns").GetInt32().ShouldBe(0);
        today.GetProperty("averageModelLatency").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    /// <summary>A fixed-offset zone where it is about noon now: no test run straddles its midnight.</summary>
    private static string MiddayZone()
    {
        var offset = 12 - DateTime.UtcNow.Hour;
        if (offset > 14)
        {
            offset -= 24;
        }
        else if (offset < -12)
        {
            offset += 24;
        }

        // POSIX names are inverted: Etc/GMT-8 is UTC+8.
        return offset == 0 ? "Etc/GMT" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";
    }

    private static Task<SimulatedOutcome> Deliver(WeChatGptFactory factory, string xml) =>
        ClockDriver.RunAsync(factory.Clock!, new WeChatSimulator(factory.WeChat(), factory.Clock!).DeliverAsync(xml, Ct), limit: TimeSpan.FromSeconds(60));
}
