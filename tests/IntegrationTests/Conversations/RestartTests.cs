using Shouldly;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.IntegrationTests.Conversations;

public sealed class RestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redelivery_AfterTheProcessRestarted_NeverCallsTheModelAgain()
    {
        var question = $"across restart {Guid.NewGuid():N}";
        var stopped = await StoppedService.AfterQuestionAsync(
            "o-restart", question, new ModelScript { Answer = "不会到达。", Latency = TimeSpan.FromMinutes(5) },
            grace: TimeSpan.FromMilliseconds(200), hangUpAfter: TimeSpan.FromMilliseconds(800), Ct);
        stopped.ModelRequests.ShouldBe(1);

        await using var second = new WeChatGptFactory(stopped.DatabasePath);
        var again = await new WeChatClient(second.CreateClient()).SendAsync(stopped.Push.PathAndQuery, stopped.Push.Body, cancellationToken: Ct);

        second.Model.RequestCount(question).ShouldBe(0);
        again.Body.ShouldContain(new TextsOptions().Interrupted);
    }
}
