using Shouldly;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.Messaging;
using WeChatGpt.Tests;

namespace WeChatGpt.UnitTests.Messaging;

public sealed class ReplySignalsTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task Waiting_EndsWhenTheReplyIsSettled_OrAtTheDeadline()
    {
        var signals = new ReplySignals(_clock);
        var waiting = signals.WaitAsync(MessageKey.ForMessage(1), _clock.GetUtcNow().AddSeconds(5), TestContext.Current.CancellationToken);
        signals.Settled(MessageKey.ForMessage(1), Reply.Text("好"));
        (await waiting).ShouldBe(Reply.Text("好"));

        var timesOut = signals.WaitAsync(MessageKey.ForMessage(2), _clock.GetUtcNow().AddSeconds(5), TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(5));
        (await timesOut).ShouldBeNull();
    }

    [Fact]
    public async Task AReplySettledBeforeAnyoneWaits_IsFoundAtOnce()
    {
        var signals = new ReplySignals(_clock);
        signals.Settled(MessageKey.ForMessage(3), Reply.Text("早就好了"));

        (await signals.WaitAsync(MessageKey.ForMessage(3), _clock.GetUtcNow(), TestContext.Current.CancellationToken)).ShouldBe(Reply.Text("早就好了"));
    }
}
