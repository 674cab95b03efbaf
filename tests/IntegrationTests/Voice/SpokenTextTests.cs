using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Voice;

/// <summary>A voice without WeChat's recognition goes the same path as typed text once transcribed: commands, "继续", questions.</summary>
public sealed class SpokenTextTests(SpokenTextTests.Scenario factory) : IClassFixture<SpokenTextTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("Speech:Provider", "Azure");
    }

    private static readonly TextsOptions Texts = new();

    [Fact]
    public async Task ASpokenHelp_GetsTheHelpText_WithoutTheModel()
    {
        var before = factory.Model.RequestCount();

        var reply = await Say(WindowScenario.NewOpenId(), "帮助");

        reply.Content.ShouldStartWith(Texts.Help[..10]);
        factory.Model.RequestCount().ShouldBe(before);
    }

    [Fact]
    public async Task ASpokenReset_ForgetsTheHistory()
    {
        var openId = WindowScenario.NewOpenId();
        await factory.Deliver(Messages.Text(openId, "记住我喜欢猫"));

        var reply = await Say(openId, "重置。");
        await factory.Deliver(Messages.Text(openId, "我喜欢什么？"));

        reply.Content.ShouldBe(Texts.ResetDone);
        factory.Model.Requests.Last(r => r.LastUserMessage == "我喜欢什么？").Messages.ShouldNotContain(m => m.Content == "记住我喜欢猫");
    }

    [Fact]
    public async Task ASpokenContinue_GivesTheNextPartOfTheAnswer()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"长文 {openId}";
        var answer = string.Concat(Enumerable.Range(1, 120).Select(i => $"第{i:000}句话讲了一点内容。"));
        factory.Script(question, new ModelScript { Answer = answer, ChunkChars = 400 });
        var first = await factory.Deliver(Messages.Text(openId, question));
        first.Content.ShouldContain("回复“继续”查看");

        var next = await Say(openId, "继续");

        next.Content.ShouldNotBe(Texts.NothingToContinue);
        answer.ShouldContain(next.Content.Split("\n\n")[0]);
        factory.Model.RequestCount(question).ShouldBe(1);
    }

    [Fact]
    public async Task AVoiceHeardOnlyAfterTheLastDelivery_KeepsItsQuestion_ForContinue()
    {
        var openId = WindowScenario.NewOpenId();
        factory.WeChatApi.Media[$"slow-{openId}"] = TestAudio.Amr(seconds: 1);
        factory.Speech.Transcript = _ => "慢慢听懂的问题";
        factory.Speech.RecognitionLatency = TimeSpan.FromSeconds(20);
        factory.Script("慢慢听懂的问题", new ModelScript { Answer = "听懂以后的回答。" });
        try
        {
            var first = await factory.Deliver(Messages.Voice(openId, $"slow-{openId}"));
            first.Delivery.ShouldBe(3);
            first.Content.ShouldBe(Texts.StillThinking);

            // Heard at 20 s, then answered (and spoken) in the background.
            await factory.AdvanceUntilAsync(() => factory.Model.RequestCount("慢慢听懂的问题") == 1);
        }
        finally
        {
            factory.Speech.RecognitionLatency = TimeSpan.Zero;
            factory.Speech.Transcript = _ => "今天天气怎么样";
        }

        await factory.AdvanceAsync(TimeSpan.FromSeconds(5));
        await factory.Deliver(Messages.Text(openId, "换个问题"));
        var continued = await factory.Deliver(Messages.Text(openId, "继续"));

        continued.Content.ShouldStartWith("接着回答「慢慢听懂的问题」：");
        continued.Content.ShouldContain("听懂以后的回答。");
    }

    /// <summary>The follower says <paramref name="words"/> (no recognition from WeChat: it is transcribed).</summary>
    private async Task<SimulatedOutcome> Say(string openId, string words)
    {
        var media = $"say-{Guid.NewGuid():N}";
        factory.WeChatApi.Media[media] = TestAudio.Amr(seconds: 1);
        factory.Speech.Transcript = _ => words;
        try
        {
            return await factory.Deliver(Messages.Voice(openId, media));
        }
        finally
        {
            factory.Speech.Transcript = _ => "今天天气怎么样";
        }
    }
}
