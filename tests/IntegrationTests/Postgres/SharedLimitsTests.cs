using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Postgres;

/// <summary>A follower's limits are theirs, not an instance's: counted in PostgreSQL across both instances.</summary>
public sealed class SharedLimitsTests : IAsyncLifetime
{
    private static readonly TextsOptions Texts = new();
    private WeChatGptFactory _a = null!;
    private WeChatGptFactory _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        var database = PostgresServer.NewDatabase();
        _a = new WeChatGptFactory(database) { KeepDatabase = true }.With("Instance:Name", "a").With("RateLimit:PermitsPerMinute", "2");
        _b = new WeChatGptFactory(database).With("Instance:Name", "b").With("RateLimit:PermitsPerMinute", "2")
            .With("OpenAI:BaseUrl", _a.Model.BaseUrl.ToString())
            .With("WeChat:ApiBaseUrl", _a.WeChatApi.Address.ToString());
        _ = _a.Server;
        _ = _b.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task TheRateLimit_IsCountedAcrossInstances()
    {
        var openId = WindowScenario.NewOpenId();

        var first = await AskAsync(_a, openId, "第一个");
        var second = await AskAsync(_b, openId, "第二个");
        var third = await AskAsync(_a, openId, "第三个");

        first.ShouldBe("答：第一个");
        second.ShouldBe("答：第二个");
        third.ShouldStartWith(Texts.RateLimited[..Texts.RateLimited.IndexOf('{', StringComparison.Ordinal)], customMessage: "two on A and B make three: over the limit of two a minute");
        _a.Model.RequestCount("第三个").ShouldBe(0);
    }

    [Fact]
    public async Task OneQuestionInFlight_IsCountedAcrossInstances()
    {
        var openId = WindowScenario.NewOpenId();
        _a.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = r.LastUserMessage == "慢问题" ? TimeSpan.FromSeconds(4) : TimeSpan.Zero };

        var slow = AskAsync(_a, openId, "慢问题");
        await Eventually.TrueAsync(() => _a.Model.RequestCount("慢问题") == 1, TimeSpan.FromSeconds(5), "the slow question is being answered on A");
        var meanwhile = await AskAsync(_b, openId, "插队");

        meanwhile.ShouldBe(Texts.Busy, "the follower's question is in flight on A");
        (await slow).ShouldBe("答：慢问题");
        _a.Model.RequestCount("插队").ShouldBe(0);
    }

    private static async Task<string> AskAsync(WeChatGptFactory instance, string openId, string question)
    {
        var wechat = instance.WeChat();
        var response = await wechat.PostAsync(Messages.Text(openId, question), cancellationToken: Ct);
        return wechat.OpenReply(response)["Content"];
    }
}
