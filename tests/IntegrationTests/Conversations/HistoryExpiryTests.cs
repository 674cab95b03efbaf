using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>Chat:HistoryIdleExpiry on the manual clock: a follower back after an idle hour starts afresh, told once.</summary>
public sealed class HistoryExpiryTests(HistoryExpiryTests.Scenario factory) : IClassFixture<HistoryExpiryTests.Scenario>
{
    public sealed class Scenario : WindowScenario;

    private static readonly TextsOptions Texts = new();

    [Fact]
    public async Task AfterAnIdleHour_TheNextQuestionStartsAFreshConversation_SaidOnce_AndTheOldTurnsStayForTheOwner()
    {
        var openId = WindowScenario.NewOpenId();
        (await factory.Deliver(Messages.Text(openId, "第一个问题"))).Content.ShouldBe("答：第一个问题");
        factory.Time.Advance(TimeSpan.FromMinutes(30));
        (await factory.Deliver(Messages.Text(openId, "半小时后"))).Content.ShouldBe("答：半小时后");
        factory.Model.Requests.Last().Messages.Select(m => m.Content).ShouldContain("第一个问题", "within the hour the history goes with the prompt");

        factory.Time.Advance(TimeSpan.FromMinutes(61));
        var back = await factory.Deliver(Messages.Text(openId, "一小时后回来"));
        var prompt = factory.Model.Requests.Last();
        var next = await factory.Deliver(Messages.Text(openId, "接着问"));
        var nextPrompt = factory.Model.Requests.Last();

        back.Content.ShouldBe(Texts.ConversationExpired + "\n\n答：一小时后回来");
        prompt.Messages.Where(m => m.Role is "user" or "assistant").Select(m => m.Content).ShouldBe(["一小时后回来"]);
        next.Content.ShouldBe("答：接着问", "said once");
        nextPrompt.Messages.Select(m => m.Content).ShouldContain("一小时后回来");
        nextPrompt.Messages.Select(m => m.Content).ShouldNotContain("第一个问题");
        nextPrompt.Messages.Select(m => m.Content).ShouldNotContain(Texts.ConversationExpired + "\n\n答：一小时后回来", "the line is not part of the history");

        using var api = factory.ApiClient();
        var history = await api.GetFromJsonAsync<JsonElement>($"/api/followers/{openId}/messages?take=10", TestContext.Current.CancellationToken);
        history.GetProperty("total").GetInt32().ShouldBe(4, "the owner keeps every turn");
    }
}
