using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Conversations.GetHistory;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>What the model's endpoint sees of a request, and responses that are not the usual stream.</summary>
public sealed class ModelWireTests
{
    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABaseUrlWithoutItsTrailingSlash_ReachesChatCompletions_WithTheKeyAndAStreamingRequest()
    {
        await using var factory = new WeChatGptFactory();
        factory.With("OpenAI:BaseUrl", factory.Model.BaseUrl.ToString().TrimEnd('/'));

        var reply = await factory.WeChat().PostAsync(Messages.Text("o-wire-base", "没有斜杠的地址"), cancellationToken: Ct);

        reply.Body.ShouldContain("答：没有斜杠的地址");
        var request = factory.Model.Requests.ShouldHaveSingleItem();
        request.ApiKey.ShouldBe(WeChatGptFactory.ModelKey);
        request.Stream.ShouldBeTrue();
        request.IncludeUsage.ShouldBeTrue();
        request.Messages[0].Role.ShouldBe("system");
        request.Messages[^1].ShouldBe(("user", "没有斜杠的地址"));
    }

    [Fact]
    public async Task AServerThatIgnoresStream_AndAnswersOneJsonCompletion_IsAnsweredWithIt_AndItsCount()
    {
        await using var factory = new WeChatGptFactory();
        factory.Model.Script = r => new ModelScript { Answer = "整段返回的回答：" + r.LastUserMessage, IgnoresStream = true, Usage = (321, 45) };

        var reply = await factory.WeChat().PostAsync(Messages.Text("o-wire-json", "不流式的服务"), cancellationToken: Ct);

        reply.Body.ShouldContain("整段返回的回答：不流式的服务");
        factory.Model.RequestCount("不流式的服务").ShouldBe(1);
        var turn = await LastTurnAsync(factory, "o-wire-json");
        turn.Tokens.ShouldBe(321 + 45, "the completion's own count");
        turn.TokensEstimated.ShouldBeFalse();
    }

    [Fact]
    public async Task AnEventThatIsNotJson_FailsTheCall_WhichIsRetriedOnceOnTheNextKey_WithoutLeakingTheBrokenText()
    {
        await using var factory = new WeChatGptFactory().With("OpenAI:ApiKeys:1", "sk-test-key-0002");
        factory.Model.KeyScripts[WeChatGptFactory.ModelKey] = _ => new ModelScript { Answer = "坏掉的网关先给了一段", ChunkChars = 4, MalformedAfterChunks = 1 };
        factory.Model.KeyScripts["sk-test-key-0002"] = _ => new ModelScript { Answer = "另一个密钥的完整回答。" };

        var reply = await factory.WeChat().PostAsync(Messages.Text("o-wire-malformed", "坏的事件"), cancellationToken: Ct);

        reply.Body.ShouldContain("另一个密钥的完整回答。");
        reply.Body.ShouldNotContain("坏掉的网关");
        reply.Body.ShouldNotContain("cut");
        factory.Model.RequestCount("坏的事件").ShouldBe(2);
        factory.Logs.Entries.ShouldContain(e => e.Message.Contains("malformed JSON", StringComparison.Ordinal) && e.Message.Contains("retrying once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEventThatIsNotJson_OnEveryKey_GetsTheApology()
    {
        await using var factory = new WeChatGptFactory();
        factory.Model.Script = _ => new ModelScript { Answer = "总是坏的", MalformedAfterChunks = 0 };

        var reply = await factory.WeChat().PostAsync(Messages.Text("o-wire-malformed-always", "总是坏"), cancellationToken: Ct);

        reply.Body.ShouldContain(Texts.Apology);
        factory.Model.RequestCount("总是坏").ShouldBe(2);
    }

    private static async Task<HistoryTurn> LastTurnAsync(WeChatGptFactory factory, string openId)
    {
        using var scope = factory.Services.CreateScope();
        var history = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetHistoryQuery(openId), Ct);
        return history.Turns[0];
    }
}
