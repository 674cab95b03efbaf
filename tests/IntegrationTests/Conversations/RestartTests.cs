using Shouldly;
using WeChatGpt.Application.Messaging;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

public sealed class RestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redelivery_AfterTheProcessRestarted_NeverCallsTheModelAgain()
    {
        var question = $"across restart {Guid.NewGuid():N}";
        PushRequest push;
        string database;
        await using (var first = new WeChatGptFactory { KeepDatabase = true }.With("Shutdown:Grace", "00:00:00.2"))
        {
            first.Model.Script = _ => new ModelScript { Answer = "不会到达。", Latency = TimeSpan.FromMinutes(5) };
            push = first.WeChat().Push(Messages.Text("o-restart", question));
            using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            hangUp.CancelAfter(TimeSpan.FromMilliseconds(800));
            await Should.ThrowAsync<OperationCanceledException>(() => push.SendAsync(hangUp.Token));
            first.Model.RequestCount(question).ShouldBe(1);
            database = first.DatabasePath;
        }

        await using var second = new WeChatGptFactory(database);
        var again = await new WeChatClient(second.CreateClient()).SendAsync(push.PathAndQuery, push.Body, cancellationToken: Ct);

        second.Model.RequestCount(question).ShouldBe(0);
        again.Body.ShouldContain(new TextsOptions().Interrupted);
    }
}
