using System.Diagnostics;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Postgres;

/// <summary>An instance killed outright (SIGKILL) while it writes an answer: the other instance answers its deliveries, never the failure notice.</summary>
[Collection(AloneCollection.Name)]
public sealed class InstanceKilledTests
{
    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKilledMidAnswer_BsDeliveriesNeverFail_AndTheNextQuestionIsAnswered()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = r.LastUserMessage == "被打断的问题" ? TimeSpan.FromSeconds(60) : TimeSpan.Zero };
        var (a, b) = await StartPairAsync(model);
        await using var _ = a;
        await using var __ = b;
        var push = a.Client.Push(Messages.Text("o-killed", "被打断的问题"));

        // Delivery 1 on A: A starts the answer and holds the delivery; WeChat hangs up at 5 s — A is killed meanwhile.
        var killedAt = await KillDuringFirstDeliveryAsync(a, push, () => Eventually.TrueAsync(() => model.RequestCount("被打断的问题") == 1, TimeSpan.FromSeconds(5), "A asked the model"));
        var replies = await LaterDeliveriesAsync(push, b.Client);

        replies.ShouldHaveSingleItem("B answered a delivery of the killed instance's message: never WeChat's failure notice");
        new[] { Texts.StillThinking, Texts.Interrupted }.ShouldContain(replies[0]);
        model.RequestCount("被打断的问题").ShouldBe(1, "never a second model call for it");
        // The follower asks again once A's life has expired (its lease: 15 s without a heartbeat), which frees the
        // question A held in flight for them.
        await UntilLeaseExpiredAsync(killedAt);

        var next = b.Client.OpenReply(await b.Client.PostAsync(Messages.Text("o-killed", "下一个问题"), cancellationToken: Ct))["Content"];
        next.ShouldBe("答：下一个问题");
    }

    [Fact]
    public async Task AKilledWhileStreaming_BHandsOutWhatAShared_AndContinueGivesTheRestOfIt_NeverASecondModelCall()
    {
        const string question = "写到一半被打断";
        var answer = string.Concat(Enumerable.Range(1, 60).Select(i => $"第{i}句。"));
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Script = r => r.LastUserMessage == question
            ? new ModelScript { Answer = answer, ChunkChars = 4, ChunkDelay = TimeSpan.FromMilliseconds(250) }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };
        var (a, b) = await StartPairAsync(model);
        await using var _ = a;
        await using var __ = b;
        var push = a.Client.Push(Messages.Text("o-killed-streaming", question));

        // Delivery 1 on A: A streams the answer (and shares it from about 2 s); killed at 4 s, before WeChat hangs up.
        var killedAt = await KillDuringFirstDeliveryAsync(a, push, () => Task.Delay(TimeSpan.FromSeconds(4), Ct));
        var replies = await LaterDeliveriesAsync(push, b.Client);

        replies.ShouldHaveSingleItem("B answered the last delivery");
        replies[0].ShouldEndWith(Texts.PartialHint, customMessage: "a part of what A shared before it died, never the failure notice");
        var shown = replies[0][..^Texts.PartialHint.Length];
        shown.Length.ShouldBeGreaterThan(10);
        answer.ShouldStartWith(shown);

        // Once A's lease expired, "继续" on B gets the rest of what A shared, marked as cut short.
        await UntilLeaseExpiredAsync(killedAt);
        var rest = b.Client.OpenReply(await b.Client.PostAsync(Messages.Text("o-killed-streaming", "继续"), cancellationToken: Ct))["Content"];
        rest.ShouldEndWith(Texts.AnswerCutShort);
        var written = shown + rest[..^Texts.AnswerCutShort.Length].TrimEnd();
        answer.ShouldStartWith(written, customMessage: "the shown part and the rest join into the beginning A wrote");
        model.RequestCount(question).ShouldBe(1, "never a second model call for it");
    }

    /// <summary>Two service processes ("a" and "b") on one new PostgreSQL database and the one fake model.</summary>
    private static async Task<(Instance A, Instance B)> StartPairAsync(FakeOpenAiServer model)
    {
        var settings = new Dictionary<string, string>
        {
            ["WeChat:Token"] = WeChatGptFactory.Token,
            ["OpenAI:BaseUrl"] = model.BaseUrl.ToString(),
            ["OpenAI:ApiKeys"] = WeChatGptFactory.ModelKey,
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Default"] = PostgresServer.NewDatabase(),
            ["Jobs:Enabled"] = "false",
        };
        var a = await ServiceProcess.StartAsync(new Dictionary<string, string>(settings) { ["Instance:Name"] = "a" }, Ct);
        var b = await ServiceProcess.StartAsync(new Dictionary<string, string>(settings) { ["Instance:Name"] = "b" }, Ct);
        return (new Instance(a), new Instance(b));
    }

    /// <summary>Sends delivery 1 to A, and once <paramref name="killAfter"/> completes kills A outright (SIGKILL); WeChat's delivery then fails.</summary>
    private static async Task<Stopwatch> KillDuringFirstDeliveryAsync(Instance a, PushRequest push, Func<Task> killAfter)
    {
        using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var first = push.SendAsync(hangUp.Token);
        await killAfter();
        using (var kill = Process.Start("kill", ["-KILL", a.Process.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync(Ct);
        }

        var killedAt = Stopwatch.StartNew();
        await Should.ThrowAsync<Exception>(() => first);
        return killedAt;
    }

    /// <summary>Deliveries 2 and 3 land on B (the load balancer sees A gone); the texts of those B answered.</summary>
    private static async Task<List<string>> LaterDeliveriesAsync(PushRequest push, WeChatClient onB)
    {
        var replies = new List<string>();
        for (var delivery = 2; delivery <= 3; delivery++)
        {
            using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                var response = await (push with { Client = onB }).SendAsync(hangUp.Token);
                replies.Add(WeChatXmlReader.ReadFields(response.Body)["Content"]);
                break;
            }
            catch (OperationCanceledException) when (hangUp.IsCancellationRequested)
            {
                // Held until WeChat hung up (A's life has not expired yet): it delivers again.
            }
        }

        return replies;
    }

    /// <summary>Waits until A's life has expired everywhere (its lease: 15 s without a heartbeat).</summary>
    private static async Task UntilLeaseExpiredAsync(Stopwatch killedAt)
    {
        var wait = TimeSpan.FromSeconds(16) - killedAt.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Ct);
        }
    }

    /// <summary>A service process and a WeChat client on it.</summary>
    private sealed class Instance(ServiceProcess process) : IAsyncDisposable
    {
        public ServiceProcess Process { get; } = process;

        public WeChatClient Client { get; } = new(new HttpClient { BaseAddress = process.Address });

        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
