using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Application.Messaging.PruneRecords;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Postgres;

/// <summary>
/// Two real app instances on one real PostgreSQL, behind a round-robin "load balancer" (each delivery of a message
/// goes to the next instance), sharing one fake model and one fake WeChat. Real time: WeChat hangs up at 5 s.
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private static readonly TextsOptions Texts = new();
    private TwoInstances _pair = null!;

    private WeChatGptFactory A => _pair.A;

    private WeChatGptFactory B => _pair.B;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _pair = TwoInstances.Start(("RateLimit:PermitsPerMinute", "1000"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _pair.DisposeAsync();

    [Fact]
    public async Task TheFirstDeliveryOnA_RedeliveriesOnB_OneModelCall_AndBRepliesWithTheAnswer()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"慢一点的问题 {openId}";
        A.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = r.LastUserMessage == question ? TimeSpan.FromSeconds(6.5) : TimeSpan.Zero };

        var outcome = await DeliverRoundRobinAsync(Messages.Text(openId, question), A, B);

        outcome.Delivery.ShouldBe(2, "the first delivery (A) was hung up on; the second (B) got the answer A wrote");
        outcome.Reply!["Content"].ShouldBe("答：" + question);
        A.Model.RequestCount(question).ShouldBe(1);
    }

    [Fact]
    public async Task ALongAnswer_DeliveriesABA_GivesAPartial_AndContinueOnBReturnsExactlyTheRest()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"长回答 {openId}";
        var answer = LongAnswer(question);

        var outcome = await DeliverRoundRobinAsync(Messages.Text(openId, question), A, B);
        var rest = await DeliverRoundRobinAsync(Messages.Text(openId, "继续"), B, A);

        outcome.Delivery.ShouldBe(3);
        var partial = outcome.Reply!["Content"];
        partial.ShouldEndWith(Texts.PartialHint);
        var shown = partial[..^Texts.PartialHint.Length];
        answer.ShouldStartWith(shown);
        rest.Delivery.ShouldBe(1, "B waits for A to finish writing, then hands out the rest");
        (shown + rest.Reply!["Content"]).ShouldBe(answer);
        A.Model.RequestCount(question).ShouldBe(1);
    }

    [Fact]
    public async Task ALongAnswer_WhoseLastDeliveryLandsOnB_GivesAPartialCutFromWhatAShared_AndContinueOnAReturnsExactlyTheRest()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"长回答 {openId}";
        var answer = LongAnswer(question);

        var outcome = await DeliverRoundRobinAsync(Messages.Text(openId, question), A, B, B);
        var rest = await DeliverRoundRobinAsync(Messages.Text(openId, "继续"), A);

        outcome.Delivery.ShouldBe(3);
        var partial = outcome.Reply!["Content"];
        partial.ShouldEndWith(Texts.PartialHint);
        var shown = partial[..^Texts.PartialHint.Length];
        shown.Length.ShouldBeGreaterThan(20, "B cut from the text A had shared by then (about 10 s of a 500 ms stream)");
        answer.ShouldStartWith(shown);
        rest.Delivery.ShouldBe(1, "A holds the 继续 until it finished writing, then hands out the rest");
        (shown + rest.Reply!["Content"]).ShouldBe(answer, "A kept exactly what B did not show");
        A.Model.RequestCount(question).ShouldBe(1);
    }

    [Fact]
    public async Task FollowersWhoseDeliveriesAlternate_AreAllAnswered_WithOneModelCallEach()
    {
        const int followers = 20;
        var openIds = Enumerable.Range(0, followers).Select(_ => WindowScenario.NewOpenId()).ToList();
        A.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = TimeSpan.FromSeconds(6) };

        var outcomes = await Task.WhenAll(openIds.Select((o, i) =>
            DeliverRoundRobinAsync(Messages.Text(o, $"问题 {o}"), i % 2 == 0 ? A : B, i % 2 == 0 ? B : A)));

        outcomes.ShouldAllBe(o => o.Delivery == 2);
        outcomes.Select(o => o.Reply!["Content"]).ShouldBe(openIds.Select(o => $"答：问题 {o}"), ignoreOrder: true);
        openIds.ShouldAllBe(o => A.Model.RequestCount($"问题 {o}") == 1);
    }

    [Fact]
    public async Task AKeywordAddedOnA_AnswersOnB_AtOnce()
    {
        var openId = WindowScenario.NewOpenId();
        // B has read (and cached) the keyword list before the change.
        (await AskAsync(B, openId, "营业时间")).ShouldBe("答：营业时间");

        using var added = await A.AdminClient().PostAsJsonAsync("/admin/api/keywords", new { keyword = "营业时间", reply = "每天 9:00–21:00", match = "Exact" }, Ct);
        added.IsSuccessStatusCode.ShouldBeTrue(await added.Content.ReadAsStringAsync(Ct));

        await Eventually.TrueAsync(async () => await AskAsync(B, WindowScenario.NewOpenId(), "营业时间") == "每天 9:00–21:00", TimeSpan.FromSeconds(3), "B answers the new keyword within moments, not after its cache's 30 s");
    }

    [Fact]
    public async Task A40001StormOnBothInstances_RefreshesTheTokenOnce_AndBothUseIt()
    {
        var openId = WindowScenario.NewOpenId();
        var apiOnA = A.Services.GetRequiredService<IWeChatApi>();
        var apiOnB = B.Services.GetRequiredService<IWeChatApi>();
        await apiOnA.SendTextAsync(openId, "预热", Ct);
        await apiOnB.SendTextAsync(openId, "预热", Ct);
        A.WeChatApi.TokenRequests.Count.ShouldBe(1, "B took the token A fetched: one fetch for the cluster");

        // The token stops working, and stable_token keeps handing out the dead one unless forced: every call gets 40001.
        A.WeChatApi.RevokeTokenSilently();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? apiOnA : apiOnB).SendTextAsync(openId, $"第{i}条", Ct)));

        A.WeChatApi.TokenRequests.Count(r => r.ForceRefresh).ShouldBe(1, "one force_refresh for both instances, not one each");
        A.WeChatApi.Sent.Count(m => m.ToUser == openId).ShouldBe(12);
    }

    [Fact]
    public async Task TheJobsDashboard_OnEitherInstance_ListsBothInstancesServers_OnTheOneJobStore()
    {
        await Eventually.TrueAsync(
            async () =>
            {
                var page = await A.AdminClient().GetStringAsync("/admin/jobs/servers", Ct);
                return page.Contains("instance-a:", StringComparison.OrdinalIgnoreCase) && page.Contains("instance-b:", StringComparison.OrdinalIgnoreCase);
            },
            TimeSpan.FromSeconds(20),
            "both instances' job servers are listed on A's dashboard");
        var fromB = await B.AdminClient().GetStringAsync("/admin/jobs/servers", Ct);
        fromB.ShouldContain("instance-a:", Case.Insensitive);
        fromB.ShouldContain("instance-b:", Case.Insensitive);
    }

    [Fact]
    public async Task ARecurringJobThatFallsDue_RunsOnceAcrossBothInstances()
    {
        const string job = "ledger-pruning";
        var storage = A.Services.GetRequiredService<JobStorage>();
        await Eventually.TrueAsync(
            () => Task.FromResult(storage.GetConnection().GetAllItemsFromSet("recurring-jobs").Contains(job)),
            TimeSpan.FromSeconds(10),
            "both instances put the recurring jobs into the one schedule");
        (await RunsOfAsync(job)).ShouldBe(0, "its schedule (February 31st) never came");

        // Its schedule becomes daily at 03:30, last run two days ago: an occurrence is due, as if its time had come
        // (no real schedule is waited for). Both instances' schedulers poll every 250 ms and see it.
        await A.Services.GetRequiredService<IJobScheduler>().AddRecurringAsync(job, "30 3 * * *", new PruneRecordsCommand(), Ct);
        var lastRun = DateTime.UtcNow.AddDays(-2);
        using (var connection = storage.GetConnection())
        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.SetRangeInHash($"recurring-job:{job}", [new("LastExecution", JobHelper.SerializeDateTime(lastRun)), new("CreatedAt", JobHelper.SerializeDateTime(lastRun))]);
            transaction.AddToSet("recurring-jobs", job, JobHelper.ToTimestamp(DateTime.UtcNow.AddSeconds(-1)));
            transaction.Commit();
        }

        await Eventually.TrueAsync(async () => await RunsOfAsync(job) >= 1, TimeSpan.FromSeconds(15), "the job was started");
        await Eventually.TrueAsync(async () => await RunsOfAsync(job, "Succeeded") == 1, TimeSpan.FromSeconds(15), "the job ran");
        // Both schedulers have polled many times since: still one run.
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        (await RunsOfAsync(job)).ShouldBe(1, "one run for the occurrence across both instances, not one per instance");
    }

    /// <summary>The jobs created for a recurring job (in a given state), read from Hangfire's tables in the shared database.</summary>
    private async Task<long> RunsOfAsync(string recurringJobId, string? state = null)
    {
        await using var connection = new NpgsqlConnection(A.Services.GetRequiredService<DatabaseSettings>().ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM hangfire.jobparameter p JOIN hangfire.job j ON j.id = p.jobid
            WHERE p.name = 'RecurringJobId' AND p.value = @id AND (@state::text IS NULL OR j.statename = @state)
            """,
            connection);
        command.Parameters.AddWithValue("id", $"\"{recurringJobId}\"");
        command.Parameters.Add(new NpgsqlParameter("state", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)state ?? DBNull.Value });
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>A 36-sentence answer to <paramref name="question"/>, streamed 5 characters every 500 ms (about 20 s); other questions answered at once.</summary>
    private string LongAnswer(string question)
    {
        var answer = string.Concat(Enumerable.Range(1, 36).Select(i => $"第{i}句。"));
        A.Model.Script = r => r.LastUserMessage == question
            ? new ModelScript { Answer = answer, ChunkChars = 5, ChunkDelay = TimeSpan.FromMilliseconds(500) }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };
        return answer;
    }

    private static Task<string> AskAsync(WeChatGptFactory instance, string openId, string question) => TwoInstances.AskAsync(instance, openId, question, Ct);

    /// <summary>WeChat's deliveries of one message (the same bytes each time), each to the next instance in turn.</summary>
    internal static async Task<SimulatedOutcome> DeliverRoundRobinAsync(string xml, params WeChatGptFactory[] instances)
    {
        var push = instances[0].WeChat().Push(xml);
        var started = DateTimeOffset.UtcNow;
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var instance = instances[(delivery - 1) % instances.Length];
            using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(hangUp.Token, Ct);
            try
            {
                var response = await (push with { Client = instance.WeChat() }).SendAsync(linked.Token);
                response.Status.ShouldBe(HttpStatusCode.OK);
                var fields = response.Body is "success" or "" ? null : WeChatXmlReader.ReadFields(response.Body);
                return new SimulatedOutcome(delivery, response.Body, fields, DateTimeOffset.UtcNow - started);
            }
            catch (OperationCanceledException) when (hangUp.IsCancellationRequested && !Ct.IsCancellationRequested)
            {
                // WeChat hangs up at 5 s and delivers again — here, to the other instance.
            }
        }

        return new SimulatedOutcome(0, null, null, DateTimeOffset.UtcNow - started);
    }
}
