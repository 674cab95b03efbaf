using Shouldly;
using WeChatGpt.Application.Messaging;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Operations;

/// <summary>Stopping the service: answers finish within Shutdown:Grace; what is unfinished is kept for 继续 after the restart.</summary>
public sealed class GracefulShutdownTests
{
    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAnswerStillBeingWritten_IsKeptAtShutdown_AndContinueGivesItAfterTheRestart()
    {
        var question = $"unfinished {Guid.NewGuid():N}";
        PushRequest push;
        string database;
        await using (var first = new WeChatGptFactory { KeepDatabase = true }.With("Shutdown:Grace", "00:00:00.5"))
        {
            // Three chunks of six characters, then the model hangs.
            first.Model.Script = _ => new ModelScript { Answer = "第一句话写好了。第二句话也写好了。第三句永远写不完", ChunkChars = 6, StallAfterChunks = 3 };
            push = first.WeChat().Push(Messages.Text("o-shutdown", question));
            using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            hangUp.CancelAfter(TimeSpan.FromMilliseconds(1500));
            await Should.ThrowAsync<OperationCanceledException>(() => push.SendAsync(hangUp.Token));
            first.Model.RequestCount(question).ShouldBe(1);
            database = first.DatabasePath;
        }

        await using var second = new WeChatGptFactory(database);
        var wechat = new WeChatClient(second.CreateClient());

        var redelivery = await wechat.SendAsync(push.PathAndQuery, push.Body, cancellationToken: Ct);
        var more = await wechat.PostAsync(Messages.Text("o-shutdown", "继续"), cancellationToken: Ct);

        redelivery.Body.ShouldContain(Texts.SavedAtShutdown);
        var kept = wechat.OpenReply(more)["Content"];
        kept.ShouldStartWith("第一句话写好了。第二句话也写");
        kept.ShouldEndWith(Texts.AnswerCutShort);
        second.Model.RequestCount(question).ShouldBe(0);
        second.Model.RequestCount().ShouldBe(0);
    }

    [Fact]
    public async Task AnAnswerThatFinishesWithinTheGrace_IsTheReply_AfterTheRestart()
    {
        var question = $"finishes in grace {Guid.NewGuid():N}";
        PushRequest push;
        string database;
        await using (var first = new WeChatGptFactory { KeepDatabase = true }.With("Shutdown:Grace", "00:00:10"))
        {
            first.Model.Script = _ => new ModelScript { Answer = "及时写完的回答。", Latency = TimeSpan.FromSeconds(2) };
            push = first.WeChat().Push(Messages.Text("o-shutdown-grace", question));
            using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            hangUp.CancelAfter(TimeSpan.FromMilliseconds(500));
            await Should.ThrowAsync<OperationCanceledException>(() => push.SendAsync(hangUp.Token));
            database = first.DatabasePath;
        }

        await using var second = new WeChatGptFactory(database);
        var redelivery = await new WeChatClient(second.CreateClient()).SendAsync(push.PathAndQuery, push.Body, cancellationToken: Ct);

        redelivery.Body.ShouldContain("及时写完的回答。");
        second.Model.RequestCount(question).ShouldBe(0);
    }

    [Fact]
    public async Task NothingWrittenYet_AtShutdown_TheFollowerIsAskedToSendTheQuestionAgain()
    {
        var question = $"not started {Guid.NewGuid():N}";
        PushRequest push;
        string database;
        await using (var first = new WeChatGptFactory { KeepDatabase = true }.With("Shutdown:Grace", "00:00:00.2"))
        {
            first.Model.Script = _ => new ModelScript { Answer = "不会到达。", Latency = TimeSpan.FromMinutes(5) };
            push = first.WeChat().Push(Messages.Text("o-shutdown-none", question));
            using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            hangUp.CancelAfter(TimeSpan.FromMilliseconds(800));
            await Should.ThrowAsync<OperationCanceledException>(() => push.SendAsync(hangUp.Token));
            database = first.DatabasePath;
        }

        await using var second = new WeChatGptFactory(database);
        var wechat = new WeChatClient(second.CreateClient());
        var redelivery = await wechat.SendAsync(push.PathAndQuery, push.Body, cancellationToken: Ct);
        var more = await wechat.PostAsync(Messages.Text("o-shutdown-none", "继续"), cancellationToken: Ct);

        redelivery.Body.ShouldContain(Texts.Interrupted);
        more.Body.ShouldNotContain(Texts.AnswerCutShort);
    }
}
