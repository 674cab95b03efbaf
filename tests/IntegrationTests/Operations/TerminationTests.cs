using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Operations;

/// <summary>A graceful stop (SIGTERM) of the real process: the delivery WeChat is holding open is answered, never left to the failure notice.</summary>
[Trait("Database", "Sqlite")]
public sealed class TerminationTests
{
    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SigtermWhileADeliveryWaits_AnswersItAtOnce_AndContinueGetsTheRestAfterTheRestart()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        var sentences = Enumerable.Range(1, 40).Select(i => $"第{i:00}句。").ToList();
        model.Script = _ => new ModelScript { Answer = string.Concat(sentences), ChunkChars = 5, ChunkDelay = TimeSpan.FromMilliseconds(300) };
        var settings = ServiceProcess.SqliteSettings(model, "sigterm");
        settings["Shutdown:Grace"] = "00:00:01";

        string firstReply;
        await using (var service = await ServiceProcess.StartAsync(settings, Ct))
        {
            var wechat = new WeChatClient(new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) });
            var waiting = wechat.PostAsync(Messages.Text("o-sigterm", "写一篇长文"), cancellationToken: Ct);
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            waiting.IsCompleted.ShouldBeFalse("the delivery is held open, as WeChat's is");

            service.Terminate();
            var answered = await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct);

            answered.Status.ShouldBe(System.Net.HttpStatusCode.OK);
            firstReply = wechat.OpenReply(answered)["Content"];
            firstReply.ShouldEndWith(Texts.PartialHint);
            await service.WaitForExitAsync(TimeSpan.FromSeconds(30), Ct);
            service.ExitCode.ShouldBe(0);
        }

        await using var restarted = await ServiceProcess.StartAsync(settings, Ct);
        var again = new WeChatClient(new HttpClient { BaseAddress = restarted.Address });
        var rest = again.OpenReply(await again.PostAsync(Messages.Text("o-sigterm", "继续"), cancellationToken: Ct))["Content"];

        var shown = firstReply[..^Texts.PartialHint.Length];
        rest.ShouldEndWith(Texts.AnswerCutShort);
        string.Concat(sentences).ShouldStartWith(shown + rest[..^Texts.AnswerCutShort.Length].TrimEnd());
    }
}
