using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Application.Protection;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Jobs;

public sealed class CallbackIpJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithSourceIpVerification_TheJobRefreshesTheList_AndKeepsTheLastGoodOneOnFailure()
    {
        await using var factory = new WeChatGptFactory().With("WeChat:VerifySourceIp", "true").With("Jobs:RetryAttempts", "1").With("Jobs:RetryDelay", "00:10:00");
        var jobs = (await factory.SchedulerAsync(Ct), factory.Services.GetRequiredService<IJobScheduler>()).Item2;

        await jobs.TriggerAsync("callback-ip-refresh", Ct);
        (await factory.WaitForRunsAsync("callback-ip-refresh", 1, TimeSpan.FromSeconds(20), Ct))[0].Succeeded.ShouldBeTrue();
        (await Stored(factory)).Order().ShouldBe(["101.226.103.0/25", "127.0.0.1"]);

        factory.WeChatApi.CallbackIps = () => (null, -1);
        await jobs.TriggerAsync("callback-ip-refresh", Ct);
        var runs = await factory.WaitForRunsAsync("callback-ip-refresh", 2, TimeSpan.FromSeconds(20), Ct);

        runs[0].Succeeded.ShouldBeFalse();
        (await Stored(factory)).Order().ShouldBe(["101.226.103.0/25", "127.0.0.1"]);
        factory.Logs.Entries.ShouldContain(e => e.Message.Contains("keeping the last good list", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutSourceIpVerification_ThereIsNoRefreshJob()
    {
        await using var factory = new WeChatGptFactory();
        var scheduler = await factory.SchedulerAsync(Ct);

        (await scheduler.Exists(new Quartz.JobKey("callback-ip-refresh", "recurring"), Ct)).ShouldBeFalse();
    }

    private static async Task<IReadOnlyList<string>> Stored(WeChatGptFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICallbackIpStore>().GetAsync(Ct);
    }
}
