using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Postgres;

/// <summary>
/// A hundred followers on two real app instances on one real PostgreSQL, on WeChat's real clock: alone, after the
/// parallel tests, so that neither this crowd nor the rest of the suite decides the other's replies.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class TwoInstancesCrowdTests : IAsyncLifetime
{
    private TwoInstances _pair = null!;

    private WeChatGptFactory A => _pair.A;

    private WeChatGptFactory B => _pair.B;

    public ValueTask InitializeAsync()
    {
        _pair = TwoInstances.Start(("RateLimit:PermitsPerMinute", "1000"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _pair.DisposeAsync();

    [Fact]
    public async Task AHundredFollowersWhoseDeliveriesAlternate_AreAllAnsweredInFull_NeverTheFailureNotice_WithOneModelCallEach()
    {
        const int followers = 100;
        var openIds = Enumerable.Range(0, followers).Select(_ => WindowScenario.NewOpenId()).ToList();
        A.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = TimeSpan.FromSeconds(6) };

        var outcomes = await Task.WhenAll(openIds.Select((o, i) =>
            TwoInstancesTests.DeliverRoundRobinAsync(Messages.Text(o, $"问题 {o}"), i % 2 == 0 ? A : B, i % 2 == 0 ? B : A)));

        // Two instances, PostgreSQL and a hundred waiting deliveries share two cores here: the 6 s answers land on the
        // second or the third delivery — whichever instance that delivery came to.
        outcomes.ShouldAllBe(o => o.Delivery == 2 || o.Delivery == 3);
        outcomes.Select(o => o.Reply!["Content"]).ShouldBe(openIds.Select(o => $"答：问题 {o}"), ignoreOrder: true);
        openIds.ShouldAllBe(o => A.Model.RequestCount($"问题 {o}") == 1);
    }

}
