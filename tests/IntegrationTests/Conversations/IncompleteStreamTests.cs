using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>A model stream counts as complete only with a finish: a stream that ends early is never passed off as the whole answer.</summary>
public sealed class IncompleteStreamTests
{
    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStreamEndingWithoutAFinish_BeforeAnythingWasHandedOut_IsRetriedOnce_OnTheNextKey()
    {
        await using var factory = new WeChatGptFactory().With("OpenAI:ApiKeys:1", "sk-test-key-0002");
        factory.Model.KeyScripts[WeChatGptFactory.ModelKey] = _ => new ModelScript { Answer = "一半就断了的回答，后面还有很多。", ChunkChars = 4, EndAfterChunks = 2 };
        factory.Model.KeyScripts["sk-test-key-0002"] = _ => new ModelScript { Answer = "第二个密钥给出的完整回答。" };

        var reply = await factory.WeChat().PostAsync(Messages.Text("o-incomplete-retry", "问一个问题"), cancellationToken: Ct);

        reply.Body.ShouldContain("第二个密钥给出的完整回答。");
        factory.Model.RequestCount("问一个问题").ShouldBe(2);
        factory.Logs.Entries.ShouldContain(e => e.Message.Contains("ended without finishing", StringComparison.Ordinal) && e.Message.Contains("retrying once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStreamThatNeverFinishes_GetsTheApology_AndIsNotKeptAsHistory()
    {
        await using var factory = new WeChatGptFactory();
        factory.Model.Script = r => r.LastUserMessage == "断了"
            ? new ModelScript { Answer = "总是说到一半", ChunkChars = 3, EndAfterChunks = 2 }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };

        var broken = await factory.WeChat().PostAsync(Messages.Text("o-incomplete-twice", "断了"), cancellationToken: Ct);
        await factory.WeChat().PostAsync(Messages.Text("o-incomplete-twice", "下一个"), cancellationToken: Ct);

        broken.Body.ShouldContain(Texts.Apology);
        factory.Model.RequestCount("断了").ShouldBe(2);
        factory.Model.Requests.Single(r => r.LastUserMessage == "下一个").Messages.ShouldNotContain(m => m.Content == "断了");
        var history = await factory.ApiClient().GetFromJsonAsync<JsonElement>("/api/followers/o-incomplete-twice/messages", Ct);
        history.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("question").GetString()).ShouldBe(["下一个"]);
    }

    [Fact]
    public async Task AnInStreamError_IsAModelErrorWithItsStatus_ThatRestsTheKey_AndRotatesToTheNext()
    {
        await using var factory = new WeChatGptFactory().With("OpenAI:ApiKeys:1", "sk-test-key-0002");
        factory.Model.KeyScripts[WeChatGptFactory.ModelKey] = _ => new ModelScript { Answer = "网关中途报错", ChunkChars = 3, ErrorAfterChunks = 1, ErrorCode = 429 };
        factory.Model.KeyScripts["sk-test-key-0002"] = _ => new ModelScript { Answer = "换了密钥以后答好了。" };

        var reply = await factory.WeChat().PostAsync(Messages.Text("o-in-stream-error", "网关"), cancellationToken: Ct);
        var again = await factory.WeChat().PostAsync(Messages.Text("o-in-stream-error", "再问"), cancellationToken: Ct);

        reply.Body.ShouldContain("换了密钥以后答好了。");
        factory.Logs.Entries.Count(e => e.Message.Contains("reported an error in the stream itself", StringComparison.Ordinal)).ShouldBe(1);
        factory.Logs.Entries.ShouldContain(e => e.Message.Contains("rate limited (HTTP 429)", StringComparison.Ordinal));
        // The first key rests: the next question goes to the second key at once.
        again.Body.ShouldContain("换了密钥以后答好了。");
        factory.Model.Requests.Last().ApiKey.ShouldBe("sk-test-key-0002");
    }

    [Fact]
    public async Task ACloseDelimitedBodyCutHalfWay_IsIncomplete_NotTheWholeAnswer()
    {
        await using var cut = new CloseDelimitedModel("这个回答的正文很长，但是连接在中途就被关闭了，后半段永远不会到达。", chunksBeforeClose: 2);
        await using var factory = new WeChatGptFactory();
        factory.With("OpenAI:BaseUrl", cut.BaseUrl.ToString());

        var reply = await factory.WeChat().PostAsync(Messages.Text("o-close-delimited", "被截断的问题"), cancellationToken: Ct);

        reply.Body.ShouldContain(Texts.Apology);
        reply.Body.ShouldNotContain("这个回答的正文");
        cut.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task AStreamBreakingOffAfterAPartialWasHandedOut_KeepsWhatWasWritten_ForContinue_MarkedBrokenOff()
    {
        await using var scenario = new WindowScenario();
        await scenario.InitializeAsync();
        var openId = WindowScenario.NewOpenId();
        var question = $"breaks off {openId}";
        var sentences = Enumerable.Range(1, 30).Select(i => $"第{i:00}句。").ToList();
        // A sentence a second; the stream ends cleanly after 18 sentences, with no finish: after the last delivery's partial.
        scenario.Script(question, new ModelScript { Answer = string.Concat(sentences), ChunkChars = 5, ChunkDelay = TimeSpan.FromSeconds(1), EndAfterChunks = 18 });

        var first = await scenario.Deliver(Messages.Text(openId, question));
        await scenario.AdvanceAsync(TimeSpan.FromSeconds(15));
        var rest = await scenario.Deliver(Messages.Text(openId, "继续"));

        first.Delivery.ShouldBe(3);
        first.Content.ShouldEndWith(Texts.PartialHint);
        var shown = first.Content[..^Texts.PartialHint.Length];
        rest.Content.ShouldEndWith(Texts.AnswerBrokeOff);
        var kept = rest.Content[..^Texts.AnswerBrokeOff.Length].TrimEnd();
        (shown + kept).ShouldBe(string.Concat(sentences.Take(18)));
        scenario.Model.RequestCount(question).ShouldBe(1);
        var history = await scenario.ApiClient().GetFromJsonAsync<JsonElement>($"/api/followers/{openId}/messages", Ct);
        history.GetProperty("turns").EnumerateArray().ShouldNotContain(t => t.GetProperty("question").GetString() == question);
    }
}
