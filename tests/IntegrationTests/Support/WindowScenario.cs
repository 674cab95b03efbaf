using WeChatGpt.Tests;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// The reply window as a scenario: the app on a manual clock (shared with the fake model and speech servers),
/// warmed up by one full round trip, a simulated WeChat that hangs up at 5 s and delivers again (3 times at
/// most), and the model scripted per question. Tens of simulated seconds run in about a second. A test class
/// uses it as its fixture (<c>IClassFixture&lt;MyScenario&gt;</c> with <c>class MyScenario : WindowScenario</c>).
/// </summary>
public class WindowScenario : WeChatGptFactory, IAsyncLifetime
{
    public WindowScenario() => UseManualClock();

    /// <summary>The app's clock, which the scenario moves.</summary>
    public ManualTimeProvider Time => Clock!;

    /// <summary>
    /// One full round trip first: cold start (JIT, connections, the database) costs real time, which the
    /// compressed clock would otherwise turn into seconds of simulated latency.
    /// </summary>
    public virtual async ValueTask InitializeAsync() => await Deliver(Messages.Text("o-warm-up", "warm up"));

    /// <summary>
    /// How far simulated time moves per step (a step takes ~2 ms of real time): on PostgreSQL every statement is a real
    /// round trip to a server sharing the machine with the whole suite, so simulated time runs slower there — the
    /// window's seconds stay seconds of the app's work, not of the test machine's load.
    /// </summary>
    public TimeSpan Step => IsPostgres ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Delivers a message as WeChat does (redelivering after 5 s, 3 deliveries at most) while simulated time runs. The
    /// message is sent at a whole second: its <c>CreateTime</c> (whole seconds) is then exact, and the last delivery's
    /// deadline, which WeChat's clock bounds (<see cref="Application.Common.WeChat.WeChatOptions.LastWaitMayEnd"/>), is
    /// 4.5 s after that delivery — not up to a second earlier by where in its second the shared clock happens to be.
    /// </summary>
    public Task<SimulatedOutcome> Deliver(string xml, TimeSpan? limit = null)
    {
        var intoSecond = Time.GetUtcNow().Ticks % TimeSpan.TicksPerSecond;
        if (intoSecond != 0)
        {
            Time.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - intoSecond));
        }

        return ClockDriver.RunAsync(Time, new WeChatSimulator(WeChat(), Time).DeliverAsync(xml, TestContext.Current.CancellationToken), Step, limit ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>The model answers <paramref name="question"/> as <paramref name="script"/> says (other questions as before).</summary>
    public void Script(string question, ModelScript script)
    {
        var previous = Model.Script;
        Model.Script = r => r.LastUserMessage == question ? script : previous(r);
    }

    /// <summary>Lets simulated time pass (the answer keeps streaming meanwhile).</summary>
    public Task AdvanceAsync(TimeSpan span) => ClockDriver.AdvanceAsync(Time, span);

    /// <summary>Lets simulated time pass until <paramref name="condition"/> holds (background work observed in real time, e.g. a Hangfire job).</summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!condition() && DateTime.UtcNow < until)
        {
            Time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    public static string NewOpenId() => $"o-{Guid.NewGuid():N}"[..28];
}
