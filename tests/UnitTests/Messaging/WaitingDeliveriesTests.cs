using Shouldly;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.UnitTests.Messaging;

public sealed class WaitingDeliveriesTests
{
    private static WaitingDeliveries Limited(int limit) => new(Microsoft.Extensions.Options.Options.Create(new WeChatOptions { MaxWaitingDeliveries = limit }));

    [Fact]
    public void ARedeliveryWhileTheDeliveryItReplacesIsStillHeld_TakesItsPlace()
    {
        var waiting = Limited(2);
        var first = waiting.Enter(MessageKey.ForMessage(1));
        using var other = waiting.Enter(MessageKey.ForMessage(2));

        using var again = waiting.Enter(MessageKey.ForMessage(1));

        again.Allowed.ShouldBeTrue();
        waiting.Count.ShouldBe(2);
        first.Dispose();
        waiting.Count.ShouldBe(2);
        waiting.Enter(MessageKey.ForMessage(3)).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void WhenEveryDeliveryOfAMessageEnded_ItsPlaceIsFree_OnceEvenIfDisposedTwice()
    {
        var waiting = Limited(1);
        var first = waiting.Enter(MessageKey.ForMessage(1));
        var again = waiting.Enter(MessageKey.ForMessage(1));

        first.Dispose();
        first.Dispose();
        waiting.Count.ShouldBe(1);
        again.Dispose();

        waiting.Count.ShouldBe(0);
        using var next = waiting.Enter(MessageKey.ForMessage(2));
        next.Allowed.ShouldBeTrue();
    }
}
