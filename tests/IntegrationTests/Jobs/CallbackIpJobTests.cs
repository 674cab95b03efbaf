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
        await using var factory = new WeChatGptFactory().With("WeChat:VerifySourceIp", "true").With("Jobs:RetryAttempts", "0");

        var refreshed = await factory.TriggerAsync("callback-ip-refresh", Ct);
        (await factory.WaitForFinalStateAsync(refreshed, TimeSpan.FromSeconds(20)))[^1].StateName.ShouldBe("Succeeded");
        (await Stored(factory)).Order().ShouldBe(["101.226.103.0/25", "127.0.0.1"]);

        factory.WeChatApi.CallbackIps = () => (null, -1);
        var failing = await factory.TriggerAsync("callback-ip-refresh", Ct);

        (await factory.WaitForFinalStateAsync(failing, TimeSpan.FromSeconds(20)))[^1].StateName.ShouldBe("Failed");
        (await Stored(factory)).Order().ShouldBe(["101.226.103.0/25", "127.0.0.1"]);
        factory.Logs.Entries.ShouldContain(e => e.Message.Contains("keeping the last good list", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutSourceIpVerification_ThereIsNoRefreshJob()
    {
        await using var factory = new WeChatGptFactory();
        _ = factory.Server;

        var jobs = await factory.Services.GetRequiredService<IJobScheduler>().ListRecurringAsync(Ct);

        jobs.Select(j => j.Id).ShouldNotContain("callback-ip-refresh");
        (await factory.Services.GetRequiredService<IJobScheduler>().TriggerAsync("callback-ip-refresh", Ct)).ShouldBeFalse();
    }

    private static async Task<IReadOnlyList<string>> Stored(WeChatGptFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICallbackIpStore>().GetAsync(Ct);
    }
}
