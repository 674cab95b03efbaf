using WeChatGpt.Domain.Operations;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Application.Common.Texts;

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
        // Three chunks of six characters, then the model hangs.
        var stopped = await StoppedService.AfterQuestionAsync(
            "o-shutdown", question, new ModelScript { Answer = "第一句话写好了。第二句话也写好了。第三句永远写不完", ChunkChars = 6, StallAfterChunks = 3 },
            grace: TimeSpan.FromMilliseconds(500), hangUpAfter: TimeSpan.FromMilliseconds(1500), Ct);
        stopped.ModelRequests.ShouldBe(1);

        await using var second = new WeChatGptFactory(stopped.DatabasePath);
        var wechat = new WeChatClient(second.CreateClient());

        var redelivery = await wechat.SendAsync(stopped.Push.PathAndQuery, stopped.Push.Body, cancellationToken: Ct);
        var more = await wechat.PostAsync(Messages.Text("o-shutdown", "继续"), cancellationToken: Ct);

        redelivery.Body.ShouldContain(Texts.SavedAtShutdown);
        var kept = wechat.OpenReply(more)["Content"];
        kept.ShouldStartWith("第一句话写好了。第二句话也写");
        kept.ShouldEndWith(Texts.AnswerCutShort);
        (await FailureRecords.EventuallyAsync(second, "o-shutdown", FailureKinds.Interrupted, Ct)).Question.ShouldBe(question, "on the owner's record, written before the process stopped");
        second.Model.RequestCount(question).ShouldBe(0);
        second.Model.RequestCount().ShouldBe(0);
    }

    [Fact]
    public async Task AnAnswerThatFinishesWithinTheGrace_IsTheReply_AfterTheRestart()
    {
        var question = $"finishes in grace {Guid.NewGuid():N}";
        var stopped = await StoppedService.AfterQuestionAsync(
            "o-shutdown-grace", question, new ModelScript { Answer = "及时写完的回答。", Latency = TimeSpan.FromSeconds(2) },
            grace: TimeSpan.FromSeconds(10), hangUpAfter: TimeSpan.FromMilliseconds(500), Ct);

        await using var second = new WeChatGptFactory(stopped.DatabasePath);
        var redelivery = await new WeChatClient(second.CreateClient()).SendAsync(stopped.Push.PathAndQuery, stopped.Push.Body, cancellationToken: Ct);

        redelivery.Body.ShouldContain("及时写完的回答。");
        second.Model.RequestCount(question).ShouldBe(0);
    }

    [Fact]
    public async Task NothingWrittenYet_AtShutdown_TheFollowerIsAskedToSendTheQuestionAgain()
    {
        var question = $"not started {Guid.NewGuid():N}";
        var stopped = await StoppedService.AfterQuestionAsync(
            "o-shutdown-none", question, new ModelScript { Answer = "不会到达。", Latency = TimeSpan.FromMinutes(5) },
            grace: TimeSpan.FromMilliseconds(200), hangUpAfter: TimeSpan.FromMilliseconds(800), Ct);

        await using var second = new WeChatGptFactory(stopped.DatabasePath);
        var wechat = new WeChatClient(second.CreateClient());
        var redelivery = await wechat.SendAsync(stopped.Push.PathAndQuery, stopped.Push.Body, cancellationToken: Ct);
        var more = await wechat.PostAsync(Messages.Text("o-shutdown-none", "继续"), cancellationToken: Ct);

        redelivery.Body.ShouldContain(Texts.Interrupted);
        more.Body.ShouldNotContain(Texts.AnswerCutShort);
        await FailureRecords.EventuallyAsync(second, "o-shutdown-none", FailureKinds.Interrupted, Ct);
    }
}
