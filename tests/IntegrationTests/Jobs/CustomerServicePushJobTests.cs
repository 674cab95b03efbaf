using WeChatGpt.Domain.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Application.Messaging.PushAnswer;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.IntegrationTests.Jobs;

/// <summary>Customer-service pushes as durable Hangfire jobs: nothing lost across a restart, no part sent twice.</summary>
public sealed class CustomerServicePushJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    // SQLite's job storage is polled (a minute here, so the push waits); Hangfire.PostgreSql wakes its workers on an
    // enqueue of the same process, so on PostgreSQL the push is delivered before the stop.
    [Trait("Database", "Sqlite")]
    public async Task APushEnqueuedBeforeAStop_IsDeliveredAfterTheRestart_EveryPartExactlyOnce()
    {
        var openId = OpenId();
        var text = LongText(5000);
        string database;
        int parts;
        // Workers that look for work once a minute: the push is enqueued and still waiting when the service stops.
        await using (var first = new WeChatGptFactory { KeepDatabase = true }.With("WeChat:ReplyMode", "CustomerService").With("Jobs:PollInterval", "00:01:00"))
        {
            await FollowerSaysHelloAsync(first, openId);
            parts = await PushAsync(first, openId, "key-restart", text);
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            first.WeChatApi.Sent.Count(m => m.ToUser == openId).ShouldBe(0);
            database = first.DatabasePath;
        }

        await using var second = new WeChatGptFactory(database).With("WeChat:ReplyMode", "CustomerService");
        _ = second.Server;
        await Eventually.TrueAsync(() => second.WeChatApi.Sent.Count(m => m.ToUser == openId) >= parts, TimeSpan.FromSeconds(20), "every part pushed after the restart");
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        var pushed = second.WeChatApi.Sent.Where(m => m.ToUser == openId).Select(m => m.Content).ToList();
        pushed.Count.ShouldBe(parts);
        pushed.Distinct().Count().ShouldBe(parts);
        pushed[0].ShouldEndWith($"（1/{parts}）");
        (await PushRowAsync(second, "key-restart")).Done.ShouldBeTrue();
    }

    [Fact]
    public async Task AnAttemptThatFailsAfterThePartOne_IsRetried_FromPartTwo()
    {
        var openId = OpenId();
        await using var factory = new WeChatGptFactory().With("WeChat:ReplyMode", "CustomerService").With("Jobs:RetryDelay", "00:00:01");
        await FollowerSaysHelloAsync(factory, openId);
        var calls = 0;
        // The second send of the follower is WeChat's "system busy" once: the attempt fails after part 1.
        factory.WeChatApi.SendResult = m => m.ToUser == openId && Interlocked.Increment(ref calls) == 2 ? -1 : 0;

        var parts = await PushAsync(factory, openId, "key-retry", LongText(5000));
        await Eventually.TrueAsync(() => factory.WeChatApi.Sent.Count(m => m.ToUser == openId) >= parts, TimeSpan.FromSeconds(20), "every part pushed");
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        var pushed = factory.WeChatApi.Sent.Where(m => m.ToUser == openId).Select(m => m.Content).ToList();
        pushed.Count.ShouldBe(parts);
        pushed.Distinct().Count().ShouldBe(parts);
        for (var i = 0; i < parts - 1; i++)
        {
            pushed[i].ShouldEndWith($"（{i + 1}/{parts}）");
        }

        calls.ShouldBe(parts + 1);
        var row = await PushRowAsync(factory, "key-retry");
        row.Attempts.ShouldBe(2);
        row.PartsSent.ShouldBe(parts);
    }

    [Fact]
    public async Task ARefusedPush_IsNotRetried_AndTheRestWaitsForContinue()
    {
        var openId = OpenId();
        await using var factory = new WeChatGptFactory().With("WeChat:ReplyMode", "CustomerService").With("Jobs:RetryDelay", "00:00:01");
        await FollowerSaysHelloAsync(factory, openId);
        factory.WeChatApi.SendResult = m => m.ToUser == openId ? 45015 : 0;

        await PushAsync(factory, openId, "key-refused", "被拒绝推送的答案。");
        await Eventually.TrueAsync(async () => (await PushRowAsync(factory, "key-refused")).Done, TimeSpan.FromSeconds(20), "the push finished");
        await Task.Delay(TimeSpan.FromSeconds(2.5), Ct);

        (await PushRowAsync(factory, "key-refused")).Attempts.ShouldBe(1);
        (await FailureRecords.EventuallyAsync(factory, openId, FailureKinds.WeChatApi, Ct)).Status.ShouldBe(45015, "on the owner's record with WeChat's errcode");
        factory.WeChatApi.SendResult = _ => 0;
        (await factory.WeChat().PostAsync(Messages.Text(openId, "继续"), cancellationToken: Ct)).Body.ShouldContain("被拒绝推送的答案。");
    }

    [Fact]
    public async Task APushThatKeepsFailing_EndsFailedAfterItsRetries_AndTheRestWaitsForContinue()
    {
        var openId = OpenId();
        await using var factory = new WeChatGptFactory().With("WeChat:ReplyMode", "CustomerService")
            .With("Jobs:RetryAttempts", "1").With("Jobs:RetryDelay", "00:00:01");
        await FollowerSaysHelloAsync(factory, openId);
        factory.WeChatApi.SendResult = m => m.ToUser == openId ? -1 : 0;

        await PushAsync(factory, openId, "key-busy", "一直推送失败的答案。");
        await Eventually.TrueAsync(async () => (await PushRowAsync(factory, "key-busy")).Done, TimeSpan.FromSeconds(30), "the push gave up");

        (await PushRowAsync(factory, "key-busy")).Attempts.ShouldBe(2);
        // The rest is kept before the last attempt fails: the job turns Failed a moment after.
        await Eventually.TrueAsync(
            () => factory.JobStorage().GetMonitoringApi().FailedJobs(0, 10).Any(j => j.Value.Job.Args[1] as string == "key-busy"),
            TimeSpan.FromSeconds(10),
            "the push job ended as failed");
        factory.WeChatApi.SendResult = _ => 0;
        (await factory.WeChat().PostAsync(Messages.Text(openId, "继续"), cancellationToken: Ct)).Body.ShouldContain("一直推送失败的答案。");
    }

    /// <summary>A quick question (answered passively): the follower exists and is inside the 48-hour window.</summary>
    private static async Task FollowerSaysHelloAsync(WeChatGptFactory factory, string openId) =>
        (await factory.WeChat().PostAsync(Messages.Text(openId, "你好"), cancellationToken: Ct)).Body.ShouldContain("答：你好");

    /// <summary>Keeps an answer to push and starts its push, as a settlement that lost to "success" does; returns its part count.</summary>
    private static async Task<int> PushAsync(WeChatGptFactory factory, string openId, string key, string text)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IPushStore>().AddAsync(new Domain.Messaging.Push(key, openId, "一个问题", text, DateTimeOffset.UtcNow), Ct);
        await scope.ServiceProvider.GetRequiredService<CustomerServicePusher>().StartAsync(key, Ct);
        return scope.ServiceProvider.GetRequiredService<ReplyComposer>().Slices(text).Count;
    }

    private static async Task<Domain.Messaging.Push> PushRowAsync(WeChatGptFactory factory, string key)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Pushes.AsNoTracking().SingleAsync(p => p.Key == key, Ct);
    }

    private static string OpenId() => $"o-{Guid.NewGuid():N}"[..28];

    private static string LongText(int bytes)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 1; System.Text.Encoding.UTF8.GetByteCount(text.ToString()) < bytes; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"第{i}句客服消息的内容比较长，用来测试分段推送。");
        }

        return text.ToString();
    }
}
