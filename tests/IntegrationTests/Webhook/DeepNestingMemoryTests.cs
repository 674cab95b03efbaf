using System.Diagnostics;
using System.Net;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Webhook;

/// <summary>
/// Deeply nested bodies against the real process, whose resident memory is the operator's measure: before the
/// reader was bounded, eight signed 63 KB bodies nested 9,000 deep at once took it to 1.27 GB, never given back.
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class DeepNestingMemoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoundsOfEightDeepBodiesAtOnce_AreRefusedFast_AndMemoryStaysFlat()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        await using var service = await ServiceProcess.StartAsync(ServiceProcess.SqliteSettings(model, "deep"), Ct);
        var wechat = new WeChatClient(new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) });
        var deep = "<xml>" + string.Concat(Enumerable.Repeat("<a>", 9_000)) + string.Concat(Enumerable.Repeat("</a>", 9_000)) + "</xml>";
        deep.Length.ShouldBeInRange(60_000, 64 * 1024, "just under the body limit, as in the report");

        // Warm up the paths (JIT, pools) with an ordinary message and a round of refusals, then take the baseline.
        (await wechat.PostAsync(Messages.Text("o-deep", "你好"), cancellationToken: Ct)).Status.ShouldBe(HttpStatusCode.OK);
        await RoundAsync(wechat, deep);
        var baseline = service.ResidentBytes;

        var slowest = TimeSpan.Zero;
        for (var round = 0; round < 10; round++)
        {
            var elapsed = await RoundAsync(wechat, deep);
            slowest = elapsed > slowest ? elapsed : slowest;
        }

        var after = service.ResidentBytes;
        slowest.ShouldBeLessThan(TimeSpan.FromSeconds(2), "a round of eight took ~8 s of CPU when the reader's cost was quadratic");
        (after - baseline).ShouldBeLessThan(48L * 1024 * 1024, $"resident memory went from {baseline / 1048576} MB to {after / 1048576} MB");
        (await wechat.PostAsync(Messages.Text("o-deep", "还在吗"), cancellationToken: Ct)).Status.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<TimeSpan> RoundAsync(WeChatClient wechat, string body)
    {
        var watch = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => wechat.PostAsync(body, cancellationToken: Ct)));
        responses.ShouldAllBe(r => r.Status == HttpStatusCode.BadRequest && r.Body == "malformed XML");
        return watch.Elapsed;
    }
}
