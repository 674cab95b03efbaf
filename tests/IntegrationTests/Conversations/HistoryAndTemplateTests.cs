using System.Net.Http.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.IntegrationTests.Conversations;

public sealed class HistoryAndTemplateTests(HistoryAndTemplateTests.Factory factory) : IClassFixture<HistoryAndTemplateTests.Factory>
{
    public sealed class Factory : WeChatGptFactory
    {
        public Factory()
        {
            With("OpenAI:SystemPrompt", "You are the test assistant.");
            With("Chat:HistoryTurns", "3");
        }
    }

    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecondQuestion_CarriesTheSystemPromptAndTheFirstTurn()
    {
        var openId = OpenId();

        await Ask(openId, "我叫小明。");
        await Ask(openId, "我叫什么？");

        var request = factory.Model.Requests.Last(r => r.LastUserMessage == "我叫什么？" && r.Messages.Any(m => m.Content == "我叫小明。"));
        request.Messages.Select(m => m.Role).ShouldBe(["system", "user", "assistant", "user"]);
        request.Messages[0].Content.ShouldBe("You are the test assistant.");
        request.Messages[1].Content.ShouldBe("我叫小明。");
        request.Messages[2].Content.ShouldBe("答：我叫小明。");
        request.Model.ShouldBe("fake-model");
        request.MaxTokens.ShouldBe(1024);
        request.Temperature.ShouldNotBeNull().ShouldBe(0.7, tolerance: 0.0001);
        request.Stream.ShouldBeTrue();
    }

    [Fact]
    public async Task History_IsLimitedToTheConfiguredTurns()
    {
        var openId = OpenId();
        for (var i = 1; i <= 5; i++)
        {
            await Ask(openId, $"问题{i} {openId}");
        }

        await Ask(openId, $"最后 {openId}");

        var request = factory.Model.Requests.Single(r => r.LastUserMessage == $"最后 {openId}");
        request.Messages.Count(m => m.Role == "user").ShouldBe(4);
        request.Messages.ShouldNotContain(m => m.Content == $"问题2 {openId}");
        request.Messages.ShouldContain(m => m.Content == $"问题5 {openId}");
    }

    [Fact]
    public async Task Reset_ForgetsTheHistory()
    {
        var openId = OpenId();
        await Ask(openId, $"记住这个 {openId}");

        (await Ask(openId, "重置")).ShouldBe(Texts.ResetDone);
        await Ask(openId, $"还记得吗 {openId}");

        factory.Model.Requests.Single(r => r.LastUserMessage == $"还记得吗 {openId}").Messages.Count.ShouldBe(2);
        factory.Model.RequestCount("重置").ShouldBe(0);
    }

    [Fact]
    public async Task EnglishTemplate_StartsPracticeOnTheTopic_AndAnswersUseItsPrompt()
    {
        var openId = OpenId();

        var started = await Ask(openId, "英语：旅行");
        await Ask(openId, $"I goed to Paris last year {openId}");

        started.ShouldContain("英语口语练习");
        started.ShouldContain("旅行");
        var request = factory.Model.Requests.Single(r => r.LastUserMessage == $"I goed to Paris last year {openId}");
        request.Messages[0].Content.ShouldContain("English speaking partner");
        request.Messages[0].Content.ShouldContain("The topic is: 旅行");
        request.Messages[0].Content.ShouldContain("Correction:");

        (await Ask(openId, "退出")).ShouldBe(Texts.TemplateExited);
        await Ask(openId, $"普通问题 {openId}");
        factory.Model.Requests.Single(r => r.LastUserMessage == $"普通问题 {openId}").Messages[0].Content.ShouldBe("You are the test assistant.");
    }

    [Fact]
    public async Task AQuestionThatMentionsATrigger_IsStillAQuestion()
    {
        var openId = OpenId();

        var reply = await Ask(openId, "英语怎么学？");

        reply.ShouldBe("答：英语怎么学？");
    }

    [Fact]
    public async Task Commands_AnswerWithoutTheModel()
    {
        var openId = OpenId();
        var before = factory.Model.Requests.Count;

        (await Ask(openId, "帮助")).ShouldContain("继续");
        (await Ask(openId, "模板")).ShouldContain("英语 — 英语口语练习");
        (await Ask(openId, "语音开")).ShouldBe(Texts.VoiceOn);
        (await Ask(openId, "语音关")).ShouldBe(Texts.VoiceOff);
        (await Ask(openId, "继续")).ShouldBe(Texts.NothingToContinue);
        (await Ask(openId, "Continue")).ShouldBe(Texts.NothingToContinue);

        factory.Model.Requests.Count.ShouldBe(before);
    }

    [Fact]
    public async Task MarkdownInTheAnswer_IsTurnedIntoChatText()
    {
        var question = $"markdown {Guid.NewGuid():N}";
        factory.Model.Script = r => r.LastUserMessage == question
            ? new ModelScript { Answer = "## 步骤\n\n1. **打开**设置\n- 选择 `高级`\n\n```bash\nls -la\n```\n[官网](https://example.com)" }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };

        var reply = await Ask(OpenId(), question);

        reply.ShouldBe("步骤\n\n1. 打开设置\n• 选择 高级\n\nls -la\n官网（https://example.com）");
    }

    [Fact]
    public async Task Unsubscribe_DeletesTheFollowersConversations()
    {
        var openId = OpenId();
        await Ask(openId, $"私人问题 {openId}");

        await factory.WeChat().PostAsync(Messages.Event(openId, "unsubscribe"), cancellationToken: Ct);
        using var api = factory.ApiClient();
        var history = await api.GetFromJsonAsync<HistoryDto>($"/api/followers/{openId}/messages", Ct);

        history!.Total.ShouldBe(0);
    }

    private async Task<string> Ask(string openId, string text)
    {
        var response = await factory.WeChat().PostAsync(Messages.Text(openId, text), cancellationToken: Ct);
        return WeChatXmlReader.ReadFields(response.Body)["Content"];
    }

    private static string OpenId() => $"o-{Guid.NewGuid():N}"[..28];

    private sealed record HistoryDto(int Total);
}
