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

        var started = DateTimeOffset.UtcNow;
        var messages = openIds.Select(o => Messages.Text(o, $"问题 {o}")).ToList();
        var outcomes = await Task.WhenAll(messages.Select((m, i) =>
            TwoInstancesTests.DeliverRoundRobinAsync(m, i % 2 == 0 ? A : B, i % 2 == 0 ? B : A)));

        var unanswered = outcomes.Select((o, i) => (Outcome: o, Message: messages[i])).Where(p => p.Outcome.Delivery is not (2 or 3)).ToList();
        unanswered.ShouldBeEmpty(Diagnose(unanswered.Select(p => p.Message), started));

        // Two instances, PostgreSQL and a hundred waiting deliveries share two cores here: the 6 s answers land on the
        // second or the third delivery — whichever instance that delivery came to.
        outcomes.ShouldAllBe(o => o.Delivery == 2 || o.Delivery == 3);
        outcomes.Select(o => o.Reply!["Content"]).ShouldBe(openIds.Select(o => $"答：问题 {o}"), ignoreOrder: true);
        openIds.ShouldAllBe(o => A.Model.RequestCount($"问题 {o}") == 1);
    }

    /// <summary>What both instances logged about these messages, and every warning, in order: a real-time crowd's miss is read there.</summary>
    private string Diagnose(IEnumerable<string> unanswered, DateTimeOffset started)
    {
        var keys = unanswered.Select(x => System.Xml.Linq.XElement.Parse(x).Element("MsgId")!.Value).ToList();
        var lines = new[] { ("A", A), ("B", B) }
            .SelectMany(i => i.Item2.Logs.Entries.Select(e => (Instance: i.Item1, Entry: e)))
            .Where(l => l.Entry.At >= started && (l.Entry.Level >= Microsoft.Extensions.Logging.LogLevel.Warning || keys.Any(l.Entry.Message.Contains)))
            .OrderBy(l => l.Entry.At)
            .Select(l => $"{(l.Entry.At - started).TotalMilliseconds,7:0} ms {l.Instance} {l.Entry.Level} {l.Entry.Category}: {l.Entry.Message} {l.Entry.Exception?.GetType().Name}")
            .Take(200);
        return $"messages {string.Join(", ", keys)}:\n" + string.Join("\n", lines);
    }

}
