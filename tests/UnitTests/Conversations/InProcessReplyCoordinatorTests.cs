using Shouldly;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.Messaging;
using WeChatGpt.Tests;

namespace WeChatGpt.UnitTests.Conversations;

public sealed class InProcessReplyCoordinatorTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly InProcessReplyCoordinator _coordinator;
    private readonly MessageKey _question = MessageKey.ForMessage(1);
    private readonly MessageKey _delivery = MessageKey.ForMessage(1);
    private readonly MessageKey _continue = MessageKey.ForMessage(2);

    public InProcessReplyCoordinatorTests() => _coordinator = new InProcessReplyCoordinator(_clock);

    [Fact]
    public void AKeyIsBegunOnce_UntilItEnds()
    {
        _coordinator.TryBegin(_question).ShouldBeTrue();
        _coordinator.TryBegin(_question).ShouldBeFalse();
        _coordinator.IsActive(_question).ShouldBeTrue();

        _coordinator.End(_question);

        _coordinator.IsActive(_question).ShouldBeFalse();
        _coordinator.TryBegin(_question).ShouldBeTrue();
    }

    [Fact]
    public void Cuts_HandOutOnlyNewText_AndTheCloseReportsWhatWasDelivered()
    {
        _coordinator.OpenStream(_question);
        _coordinator.Append(_question, "第一句。第二");

        var cut = _coordinator.TryCut(_question, _delivery, text => text.IndexOf('。', StringComparison.Ordinal) + 1)!;
        _coordinator.Append(_question, "句。");
        var next = _coordinator.TryCut(_question, _continue, text => text.Length)!;
        var closed = _coordinator.CloseStream(_question);

        cut.Text.ShouldBe("第一句。");
        next.Text.ShouldBe("第二句。");
        next.Start.ShouldBe(4);
        closed.Delivered.ShouldBe(8);
        closed.Text.ShouldBe("第一句。第二句。");
        _coordinator.TryCut(_question, MessageKey.ForMessage(3), t => t.Length).ShouldBeNull();
    }

    [Fact]
    public void ACutIsIdempotentPerRequester()
    {
        _coordinator.OpenStream(_question);
        _coordinator.Append(_question, "abc");

        var first = _coordinator.TryCut(_question, _delivery, t => t.Length);
        _coordinator.Append(_question, "def");
        var again = _coordinator.TryCut(_question, _delivery, t => t.Length);

        again.ShouldBe(first);
    }

    [Fact]
    public void ARestartDiscardsTheTextAndWhatWasCut()
    {
        _coordinator.OpenStream(_question);
        _coordinator.Append(_question, "旧的开头");
        _coordinator.TryCut(_question, _delivery, t => t.Length);

        _coordinator.Restart(_question);
        _coordinator.Append(_question, "新答案");

        _coordinator.CloseStream(_question).ShouldBe(new Application.Messaging.StreamClosed(0, "新答案"));
    }

    [Fact]
    public async Task WaitingForAReply_EndsWhenItIsFixed_OrAtTheDeadline()
    {
        var waiting = _coordinator.WaitForReplyAsync(_question, _clock.GetUtcNow().AddSeconds(5), TestContext.Current.CancellationToken);
        _coordinator.ReplyFixed(_question, Reply.Text("好"));
        (await waiting).ShouldBe(Reply.Text("好"));

        var timesOut = _coordinator.WaitForReplyAsync(_continue, _clock.GetUtcNow().AddSeconds(5), TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(5));
        (await timesOut).ShouldBeNull();
    }

    [Fact]
    public async Task WaitingForTheEndOfWork_CompletesWhenItEnds()
    {
        _coordinator.TryBegin(_question);
        var waiting = _coordinator.WaitForEndAsync(_question, TestContext.Current.CancellationToken);
        waiting.IsCompleted.ShouldBeFalse();

        _coordinator.End(_question);

        await waiting;
        await _coordinator.WaitForEndAsync(_continue, TestContext.Current.CancellationToken);
    }
}
