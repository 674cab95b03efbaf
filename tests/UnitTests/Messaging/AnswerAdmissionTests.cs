using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Infrastructure.Conversations.OpenAI;
using WeChatGpt.Infrastructure.Messaging;

namespace WeChatGpt.UnitTests.Messaging;

/// <summary>Admission control in front of the model, and the open-file budget it is derived from.</summary>
public sealed class AnswerAdmissionTests
{
    private readonly InProcessAnswers _answers = new(TimeProvider.System);

    [Fact]
    public async Task BeyondTheLimit_AnswersWaitInArrivalOrder_MarkedQueuedUntilTheirTurn()
    {
        using var admission = Admission(limit: 2);
        var answers = Enumerable.Range(1, 6).Select(i => _answers.Start(MessageKey.ForMessage(i), $"o{i}", $"问题{i}")).ToArray();
        var running = new List<IDisposable> { await admission.EnterAsync(answers[0], CancellationToken.None), await admission.EnterAsync(answers[1], CancellationToken.None) };
        admission.Streaming.ShouldBe(2);

        var order = new List<int>();
        var waiting = answers.Skip(2).Select((a, i) => Enter(a, i + 3)).ToArray();
        answers.Skip(2).ShouldAllBe(a => a.Queued);
        admission.Waiting.ShouldBe(4);
        answers[0].Queued.ShouldBeFalse();

        foreach (var turn in waiting)
        {
            running[0].Dispose();
            running.RemoveAt(0);
            running.Add(await turn);
        }

        order.ShouldBe([3, 4, 5, 6]);
        admission.Waiting.ShouldBe(0);
        answers.ShouldAllBe(a => !a.Queued);

        async Task<IDisposable> Enter(Answer answer, int number)
        {
            var turn = await admission.EnterAsync(answer, CancellationToken.None);
            lock (order)
            {
                order.Add(number);
            }

            return turn;
        }
    }

    [Fact]
    public async Task AWaitCancelledByShutdown_LeavesTheQueue_AndTakesNoTurn()
    {
        using var admission = Admission(limit: 1);
        var first = await admission.EnterAsync(_answers.Start(MessageKey.ForMessage(1), "o1", "一"), CancellationToken.None);
        var queued = _answers.Start(MessageKey.ForMessage(2), "o2", "二");
        using var stopping = new CancellationTokenSource();
        var wait = admission.EnterAsync(queued, stopping.Token);
        queued.Queued.ShouldBeTrue();

        await stopping.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(wait);

        queued.Queued.ShouldBeFalse();
        admission.Waiting.ShouldBe(0);
        first.Dispose();
        first.Dispose(); // a turn is given back once
        admission.Streaming.ShouldBe(0);
    }

    [Theory]
    [InlineData(20_000L, false, 4_744)]
    [InlineData(20_000L, true, 14_232)]
    [InlineData(65_536L, false, 16_128)]
    [InlineData(65_536L, true, 20_000)]
    [InlineData(1_024L, false, 16)]
    [InlineData(null, false, 16_128)]
    public void TheDerivedLimit_FitsTheOpenFileLimit(long? openFiles, bool http2, int expected) =>
        ProcessLimits.AnswersWithin(openFiles, http2).ShouldBe(expected);

    [Theory]
    [InlineData("https://api.openai.com/v1", ModelHttp2.Auto, true)]
    [InlineData("http://127.0.0.1:4000/v1", ModelHttp2.Auto, false)]
    [InlineData("http://127.0.0.1:4000/v1", ModelHttp2.Always, true)]
    [InlineData("https://api.openai.com/v1", ModelHttp2.Never, false)]
    public void AnAnswerHoldsAModelConnection_UnlessHttp2SharesOne(string baseUrl, ModelHttp2 http2, bool shared) =>
        ProcessLimits.SharesConnections(new OpenAIOptions { BaseUrl = new Uri(baseUrl), Http2 = http2 }).ShouldBe(shared);

    [Theory]
    [InlineData(20_000L, 14_232)]
    [InlineData(65_536L, 48_384)]
    [InlineData(1_024L, 64)]
    public void HeldDeliveries_AreThreeQuartersOfTheOpenFilesLeft(long openFiles, int expected) =>
        ProcessLimits.DeliveriesWithin(openFiles).ShouldBe(expected);

    [Theory]
    [InlineData(0L, 20_000L, 18_976L)]
    [InlineData(0L, 65_536L, 64_512L)]
    [InlineData(0L, 1_024L, 64L)]
    [InlineData(5_000L, 20_000L, 5_000L)]
    [InlineData(0L, null, null)]
    public void InboundConnections_LeaveTheReserveOfTheOpenFiles_UnlessSet(long configured, long? openFiles, long? expected) =>
        ProcessLimits.ConnectionsWithin(configured, openFiles).ShouldBe(expected);

    [Fact]
    public void HeldDeliveries_BeyondTheLimit_AreRefusedAHold_AndUnderPressureCloseTheirConnections()
    {
        var gauge = new WaitingDeliveries(Microsoft.Extensions.Options.Options.Create(new Application.Common.WeChat.WeChatOptions { MaxWaitingDeliveries = 10 }));
        var holds = Enumerable.Range(0, 10).Select(_ => gauge.Enter()).ToList();
        holds.ShouldAllBe(h => h.Allowed);
        gauge.UnderPressure.ShouldBeTrue();
        using (var beyond = gauge.Enter())
        {
            beyond.Allowed.ShouldBeFalse();
        }

        holds.ForEach(h => h.Dispose());
        holds[0].Dispose();
        gauge.Count.ShouldBe(0);
        gauge.UnderPressure.ShouldBeFalse();
        gauge.Enter().Allowed.ShouldBeTrue();
    }

    [Fact]
    public void TheProcessLimit_IsReadFromTheSystem() =>
        ProcessLimits.OpenFiles().ShouldNotBeNull().ShouldBeGreaterThan(0);

    [Fact]
    public void ALimitBelowWhatTheSettingNeeds_IsAWarning_NamingBoth()
    {
        var log = new CollectingLogger();
        var check = new OpenFileLimitCheck(
            Microsoft.Extensions.Options.Options.Create(new ChatOptions { MaxConcurrentAnswers = 10_000 }),
            Microsoft.Extensions.Options.Options.Create(new OpenAIOptions { BaseUrl = new Uri("http://127.0.0.1:4000/v1") }),
            Microsoft.Extensions.Options.Options.Create(new Application.Common.WeChat.WeChatOptions { MaxWaitingDeliveries = 10_000 }),
            log);

        check.Check(20_000).ShouldBeFalse();
        log.Warnings.ShouldHaveSingleItem().ShouldContain("20000");
        log.Warnings[0].ShouldContain("21024");
        check.Check(65_536).ShouldBeTrue();
        log.Warnings.Count.ShouldBe(1);
    }

    private static AnswerAdmission Admission(int limit) =>
        new(Microsoft.Extensions.Options.Options.Create(new ChatOptions { MaxConcurrentAnswers = limit }), new WeChatGptMetrics(new NoMeters()));

    private sealed class NoMeters : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    private sealed class CollectingLogger : ILogger<OpenFileLimitCheck>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
