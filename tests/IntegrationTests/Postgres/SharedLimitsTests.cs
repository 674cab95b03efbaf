using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Postgres;

/// <summary>A follower's limits are theirs, not an instance's: counted in PostgreSQL across both instances.</summary>
public sealed class SharedLimitsTests : IAsyncLifetime
{
    private static readonly TextsOptions Texts = new();
    private TwoInstances _pair = null!;

    private WeChatGptFactory A => _pair.A;

    private WeChatGptFactory B => _pair.B;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _pair = TwoInstances.Start(("RateLimit:PermitsPerMinute", "2"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _pair.DisposeAsync();

    [Fact]
    public async Task TheRateLimit_IsCountedAcrossInstances()
    {
        var openId = WindowScenario.NewOpenId();

        var first = await AskAsync(A, openId, "第一个");
        var second = await AskAsync(B, openId, "第二个");
        var third = await AskAsync(A, openId, "第三个");

        first.ShouldBe("答：第一个");
        second.ShouldBe("答：第二个");
        third.ShouldStartWith(Texts.RateLimited[..Texts.RateLimited.IndexOf('{', StringComparison.Ordinal)], customMessage: "two on A and B make three: over the limit of two a minute");
        A.Model.RequestCount("第三个").ShouldBe(0);
    }

    [Fact]
    public async Task OneQuestionInFlight_IsCountedAcrossInstances()
    {
        var openId = WindowScenario.NewOpenId();
        A.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = r.LastUserMessage == "慢问题" ? TimeSpan.FromSeconds(4) : TimeSpan.Zero };

        var slow = AskAsync(A, openId, "慢问题");
        await Eventually.TrueAsync(() => A.Model.RequestCount("慢问题") == 1, TimeSpan.FromSeconds(5), "the slow question is being answered on A");
        var meanwhile = await AskAsync(B, openId, "插队");

        meanwhile.ShouldBe(Texts.Busy, "the follower's question is in flight on A");
        (await slow).ShouldBe("答：慢问题");
        A.Model.RequestCount("插队").ShouldBe(0);
    }

    [Fact]
    public async Task FailedSignIns_AreCountedAcrossInstances()
    {
        const string guesser = "203.0.113.77";
        var onA = A.AdminClient(password: "wrong-password-123", remoteIp: guesser);
        for (var i = 0; i < new Application.Common.Options.RateLimitOptions().AuthFailures; i++)
        {
            using var refused = await onA.GetAsync("/admin/api/figures/today", Ct);
            refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        }

        using var onB = await B.AdminClient(remoteIp: guesser).GetAsync("/admin/api/figures/today", Ct);
        using var someoneElse = await B.AdminClient(remoteIp: "203.0.113.78").GetAsync("/admin/api/figures/today", Ct);

        onB.StatusCode.ShouldBe(System.Net.HttpStatusCode.TooManyRequests, "the failures on A count on B, right password or not");
        someoneElse.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    private static Task<string> AskAsync(WeChatGptFactory instance, string openId, string question) => TwoInstances.AskAsync(instance, openId, question, Ct);
}
