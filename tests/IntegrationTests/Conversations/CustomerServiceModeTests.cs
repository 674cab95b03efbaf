using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Messaging.PushAnswer;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Tests;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>Verified accounts: answer passively when quick, otherwise "success" and a customer-service push.</summary>
public sealed class CustomerServiceModeTests(CustomerServiceModeTests.Scenario factory) : IClassFixture<CustomerServiceModeTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("WeChat:ReplyMode", "CustomerService");
    }

    private static readonly TextsOptions Texts = new();

    private ManualTimeProvider Clock => factory.Time;

    [Fact]
    public async Task QuickAnswer_IsPassive()
    {
        var openId = OpenId();
        var sentBefore = factory.WeChatApi.Sent.Count;

        var outcome = await Deliver(Messages.Text(openId, "快问"));

        outcome.Content.ShouldBe("答：快问");
        factory.WeChatApi.Sent.Count.ShouldBe(sentBefore);
    }

    [Fact]
    public async Task SlowAnswer_RepliesSuccess_ShowsTyping_ThenPushesEveryPart()
    {
        var openId = OpenId();
        var question = $"slow {openId}";
        var answer = LongText(3000);
        factory.Model.Script = r => r.LastUserMessage == question
            ? new ModelScript { Answer = answer, Latency = TimeSpan.FromSeconds(8), ChunkChars = 500 }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };

        var outcome = await Deliver(Messages.Text(openId, question));
        await WaitForAsync(() => factory.WeChatApi.Sent.Count(m => m.ToUser == openId) >= 2);

        outcome.Delivery.ShouldBe(1);
        outcome.Body.ShouldBe("success");
        factory.WeChatApi.Typing.ShouldContain((openId, "Typing"));
        var pushed = factory.WeChatApi.Sent.Where(m => m.ToUser == openId).Select(m => m.Content).ToList();
        pushed.Count.ShouldBe(2);
        pushed[0].ShouldEndWith("（1/2）");
        (pushed[0][..^"\n\n（1/2）".Length] + pushed[1]).Replace("\n", string.Empty, StringComparison.Ordinal)
            .ShouldBe(answer.Replace("\n", string.Empty, StringComparison.Ordinal));
        factory.Model.RequestCount(question).ShouldBe(1);
    }

    [Fact]
    public async Task AnswerLongerThanTheQuota_PushesFiveMessages_TheLastWithAContinueHint()
    {
        var openId = OpenId();
        var question = $"very long {openId}";
        var answer = LongText(14_000);
        factory.WeChatApi.SendResult = _ => 0;
        factory.Model.Script = r => r.LastUserMessage == question
            ? new ModelScript { Answer = answer, Latency = TimeSpan.FromSeconds(6), ChunkChars = 1000 }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };

        var outcome = await Deliver(Messages.Text(openId, question));
        await WaitForAsync(() => factory.WeChatApi.Sent.Count(m => m.ToUser == openId) >= 5);
        await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(2));

        outcome.Body.ShouldBe("success");
        await using var scope = factory.Services.CreateAsyncScope();
        var total = scope.ServiceProvider.GetRequiredService<ReplyComposer>().Slices(answer).Count;
        total.ShouldBeGreaterThan(CustomerServicePusher.Quota);
        var pushed = factory.WeChatApi.Sent.Where(m => m.ToUser == openId).Select(m => m.Content).ToList();
        pushed.Count.ShouldBe(CustomerServicePusher.Quota);
        pushed[0].ShouldEndWith($"（1/{total}）");
        pushed[4].ShouldEndWith($"（还有 {total - CustomerServicePusher.Quota} 段，回复“继续”查看）");
        pushed[4].ShouldContain("回复“继续”查看");
        var rest = await Deliver(Messages.Text(openId, "继续"));
        rest.Content.ShouldContain("回复“继续”查看");
    }

    [Fact]
    public async Task RefusedPush_FallsBackToContinue()
    {
        var openId = OpenId();
        var question = $"refused {openId}";
        factory.Model.Script = r => r.LastUserMessage == question
            ? new ModelScript { Answer = "推送被拒后的答案。", Latency = TimeSpan.FromSeconds(6) }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };
        var refused = 0;
        factory.WeChatApi.SendResult = m =>
        {
            if (m.ToUser != openId)
            {
                return 0;
            }

            Interlocked.Increment(ref refused);
            return 45015;
        };

        var outcome = await Deliver(Messages.Text(openId, question));
        outcome.Body.ShouldBe("success");
        await ClockDriver.AdvanceAsync(Clock, TimeSpan.FromSeconds(5));
        await WaitForAsync(() => factory.Model.RequestCount(question) == 1 && Volatile.Read(ref refused) > 0);
        // The refused push keeps its answer for 继续: the follower's next message comes after that, as in life.
        var continuations = factory.Services.GetRequiredService<WeChatGpt.Application.Conversations.IContinuationStore>();
        await Eventually.TrueAsync(() => continuations.HasOpenAsync(openId, null, TestContext.Current.CancellationToken), TimeSpan.FromSeconds(10), "the refused push's answer waits for 继续");
        factory.WeChatApi.SendResult = _ => 0;

        var next = await Deliver(Messages.Text(openId, $"还在吗 {openId}"));
        var continued = await Deliver(Messages.Text(openId, "继续"));

        next.Content.ShouldEndWith(Texts.EarlierAnswerWaiting);
        continued.Content.ShouldContain("推送被拒后的答案。");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RejectedToken_IsRenewed_AndThePushRetriedOnce(bool revokedSilently)
    {
        var openId = OpenId();
        factory.WeChatApi.SendResult = _ => 0;
        await PushSlowAnswerAsync(openId, $"first push {openId}", "第一次推送。");
        var tokenBefore = factory.WeChatApi.CurrentToken;
        var forcedBefore = factory.WeChatApi.TokenRequests.Count(r => r.ForceRefresh);

        if (revokedSilently)
        {
            // 40001: stable_token keeps handing out the dead token until force_refresh.
            factory.WeChatApi.RevokeTokenSilently();
        }
        else
        {
            // 42001: the token expired; stable_token hands out a new one.
            factory.WeChatApi.ExpireToken();
        }

        await PushSlowAnswerAsync(openId, $"second push {openId}", "换了令牌也送到了。");

        factory.WeChatApi.CurrentToken.ShouldNotBe(tokenBefore);
        factory.WeChatApi.TokenRequests.Count(r => r.ForceRefresh).ShouldBe(forcedBefore + (revokedSilently ? 1 : 0));
    }

    private async Task PushSlowAnswerAsync(string openId, string question, string answer)
    {
        factory.Model.Script = r => r.LastUserMessage == question
            ? new ModelScript { Answer = answer, Latency = TimeSpan.FromSeconds(6) }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };
        var outcome = await Deliver(Messages.Text(openId, question));
        outcome.Body.ShouldBe("success");
        await WaitForAsync(() => factory.WeChatApi.Sent.Any(m => m.ToUser == openId && m.Content == answer));
    }

    private Task<SimulatedOutcome> Deliver(string xml) => factory.Deliver(xml);

    /// <summary>Lets simulated time pass until the background push (a Hangfire job, polled in real time) is observed.</summary>
    private async Task WaitForAsync(Func<bool> condition)
    {
        await factory.AdvanceUntilAsync(condition);
        condition().ShouldBeTrue();
    }

    private static string OpenId() => WindowScenario.NewOpenId();

    private static string LongText(int bytes)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 1; System.Text.Encoding.UTF8.GetByteCount(text.ToString()) < bytes; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"第{i}句客服消息的内容比较长，用来测试分段推送。");
            if (i % 5 == 0)
            {
                text.Append('\n');
            }
        }

        return text.ToString().Trim();
    }
}
