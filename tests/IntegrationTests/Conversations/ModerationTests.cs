using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>
/// The sensitive-word filter both ways, through the real window: a banned question never reaches the model; a
/// banned word in a streamed answer never reaches the follower — in a full reply, a partial at the last delivery
/// (even split across chunks), a 继续 part, the API's reply.
/// </summary>
public sealed class ModerationTests(ModerationTests.Scenario factory) : IClassFixture<ModerationTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("Moderation:Words:0", "违禁词").With("Moderation:Words:1", "Bad Word").WithAdmin();
    }

    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("这里有违禁词吗")]
    [InlineData("这里有违 禁.词吗")]
    [InlineData("say ＢＡＤ　ＷＯＲＤ now")]
    public async Task ABannedQuestion_NeverReachesTheModel_AndIsCountedOnTheDashboard(string question)
    {
        using var metrics = new MetricsRecorder(factory.Services);
        var before = factory.Model.Requests.Count;
        var moderatedBefore = await ModeratedTodayAsync();

        var outcome = await factory.Deliver(Messages.Text(WindowScenario.NewOpenId(), question));

        outcome.Delivery.ShouldBe(1);
        outcome.Content.ShouldBe(Texts.Moderated);
        factory.Model.Requests.Count.ShouldBe(before);
        metrics.Sum("wechatgpt.moderation.blocked", "direction", "question").ShouldBe(1);
        (await ModeratedTodayAsync()).ShouldBe(moderatedBefore + 1);
        factory.Logs.Entries.ShouldNotContain(e => e.Message.Contains(question, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABannedWordInAFullAnswer_IsMasked()
    {
        var question = $"full {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "答案里有违禁词，也有 bad word。", ChunkChars = 3 });

        var outcome = await factory.Deliver(Messages.Text(WindowScenario.NewOpenId(), question));

        outcome.Content.ShouldBe("答案里有***，也有 ********。");
    }

    /// <summary>The word arrives in two chunks around the last delivery's cut: the partial stops before it, 继续 masks it.</summary>
    [Fact]
    public async Task ABannedWordSplitAcrossChunks_NeverReachesTheFollower_InThePartial_OrOnContinue()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"split {Guid.NewGuid():N}";
        // 17 characters, then the banned word's first character, then a pause past the last delivery, then the rest.
        var answer = "第一句话说完了。第二句话也说完了，违禁词就在这里。后面还有很多内容。";
        var cut = answer.IndexOf('违', StringComparison.Ordinal) + 1;
        factory.Script(question, new ModelScript { Answer = answer, ChunkChars = cut, ChunkDelay = TimeSpan.FromSeconds(16) });

        var first = await factory.Deliver(Messages.Text(openId, question));

        first.Delivery.ShouldBe(3);
        first.Content.ShouldEndWith(Texts.PartialHint);
        var partial = first.Content[..^Texts.PartialHint.Length];
        partial.ShouldNotContain("违");
        answer.ShouldStartWith(partial);

        await factory.AdvanceAsync(TimeSpan.FromSeconds(40));
        var rest = await factory.Deliver(Messages.Text(openId, "继续"));

        rest.Content.ShouldNotContain("违禁词");
        (partial + rest.Content).ShouldBe(answer.Replace("违禁词", "***", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALongAnswer_IsMaskedInEveryPart_OnContinue()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"long {Guid.NewGuid():N}";
        var answer = string.Concat(Enumerable.Range(1, 120).Select(i => $"第{i:000}段讲的是违禁词以外的事情。\n\n"));
        factory.Script(question, new ModelScript { Answer = answer, ChunkChars = 400 });

        var first = await factory.Deliver(Messages.Text(openId, question));
        var parts = new List<string> { first.Content };
        for (var i = 0; i < 10 && parts[^1].Contains("继续", StringComparison.Ordinal); i++)
        {
            parts.Add((await factory.Deliver(Messages.Text(openId, "继续"))).Content);
        }

        parts.Count.ShouldBeGreaterThan(1);
        parts.ShouldAllBe(p => !p.Contains("违禁词"));
        parts.ShouldAllBe(p => p.Contains("***"));
    }

    [Fact]
    public async Task TheApi_MasksTheAnswer_AndRefusesABannedQuestion()
    {
        using var client = factory.ApiClient();
        var question = $"api {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "通过接口的回答含有违禁词。" });

        var answered = await (await client.PostAsJsonAsync("/api/followers/o-api-mod/messages", new { text = question }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var refused = await (await client.PostAsJsonAsync("/api/followers/o-api-mod/messages", new { text = "接口里的违禁词" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        answered.GetProperty("reply").GetString().ShouldBe("通过接口的回答含有***。");
        refused.GetProperty("reply").GetString().ShouldBe(Texts.Moderated);
        factory.Model.RequestCount("接口里的违禁词").ShouldBe(0);
    }

    [Fact]
    public async Task AWordBannedThroughTheAdminApi_IsInForceAtOnce_AndCanBeRemoved()
    {
        using var admin = factory.AdminClient();
        var question = $"新词测试 {Guid.NewGuid():N}";

        var added = await admin.PostAsJsonAsync("/admin/api/moderation/words", new { word = "新词测试" }, Ct);
        var refused = await factory.Deliver(Messages.Text(WindowScenario.NewOpenId(), question));
        var list = await admin.GetFromJsonAsync<JsonElement>("/admin/api/moderation/words", Ct);
        var removed = await admin.DeleteAsync("/admin/api/moderation/words/" + Uri.EscapeDataString("新词测试"), Ct);
        var answered = await factory.Deliver(Messages.Text(WindowScenario.NewOpenId(), question));
        var removedAgain = await admin.DeleteAsync("/admin/api/moderation/words/" + Uri.EscapeDataString("新词测试"), Ct);
        var empty = await admin.PostAsJsonAsync("/admin/api/moderation/words", new { word = " 。" }, Ct);

        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        refused.Content.ShouldBe(Texts.Moderated);
        list.GetProperty("managed").EnumerateArray().Select(w => w.GetString()).ShouldContain("新词测试");
        list.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
        removed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        answered.Content.ShouldBe("答：" + question);
        removedAgain.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<int> ModeratedTodayAsync()
    {
        using var admin = factory.AdminClient();
        var figures = await admin.GetFromJsonAsync<JsonElement>("/admin/api/figures/today", Ct);
        return figures.GetProperty("messages").GetProperty("moderated").GetInt32();
    }
}

/// <summary>The filter's other settings: answers refused instead of masked, words from a file re-read when it changes, <c>/moderations</c>.</summary>
public sealed class ModerationSettingsTests
{
    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAnswerActionRefuse_AnAnswerWithABannedWord_IsReplacedByTheModerationText_AndNotKept()
    {
        await using var factory = new WeChatGptFactory().With("Moderation:Words", "违禁词,另一个").With("Moderation:AnswerAction", "Refuse");
        factory.Model.Script = _ => new ModelScript { Answer = "这个回答提到了违禁词。" };
        var wechat = factory.WeChat();

        var reply = wechat.OpenReply(await wechat.PostAsync(Messages.Text("o-refuse-answer", "问个问题"), cancellationToken: Ct));

        reply["Content"].ShouldBe(Texts.Moderated);
    }

    [Fact]
    public async Task WordsFromTheFile_AreReReadWhenItChanges()
    {
        var file = Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"words-{Guid.NewGuid():N}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllLinesAsync(file, ["# banned words", "文件词"], Ct);
        await using var factory = new WeChatGptFactory().With("Moderation:WordsFile", file);
        var wechat = factory.WeChat();

        async Task<string> AskAsync(string text) => wechat.OpenReply(await wechat.PostAsync(Messages.Text("o-file-words", text), cancellationToken: Ct))["Content"];

        (await AskAsync("文件词在这里")).ShouldBe(Texts.Moderated);
        (await AskAsync("新加的词")).ShouldBe("答：新加的词");

        await File.WriteAllLinesAsync(file, ["文件词", "新加的词"], Ct);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
        var reply = await Eventually.ReadUntilAsync(() => AskAsync("新加的词 " + Guid.NewGuid().ToString("N")), r => r == Texts.Moderated, TimeSpan.FromSeconds(10));

        reply.ShouldBe(Texts.Moderated);
    }

    [Fact]
    public async Task OpenAiModeration_RefusesAFlaggedQuestion_AndIsSkippedWhenSlowOrDown()
    {
        await using var factory = new WeChatGptFactory().With("Moderation:OpenAIModeration", "true").With("Moderation:OpenAIModerationTimeout", "00:00:00.5");
        factory.Model.Moderation = input => input.Contains("flag", StringComparison.Ordinal) ? (true, TimeSpan.Zero, 200)
            : input.Contains("slow", StringComparison.Ordinal) ? (true, TimeSpan.FromSeconds(5), 200)
            : input.Contains("down", StringComparison.Ordinal) ? (false, TimeSpan.Zero, 503)
            : (false, TimeSpan.Zero, 200);
        var wechat = factory.WeChat();

        async Task<string> AskAsync(string text) => wechat.OpenReply(await wechat.PostAsync(Messages.Text("o-moderations", text), cancellationToken: Ct))["Content"];

        (await AskAsync("please flag this")).ShouldBe(Texts.Moderated);
        (await AskAsync("a fine question")).ShouldBe("答：a fine question");
        (await AskAsync("a slow check")).ShouldBe("答：a slow check");
        (await AskAsync("the checker is down")).ShouldBe("答：the checker is down");
        factory.Model.ModerationRequests.ShouldContain("please flag this");
        factory.Model.RequestCount("please flag this").ShouldBe(0);
    }
}

/// <summary>Customer-service mode: a banned word never goes out in a push.</summary>
public sealed class ModerationPushTests(ModerationPushTests.Scenario factory) : IClassFixture<ModerationPushTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("WeChat:ReplyMode", "CustomerService").With("Moderation:Words:0", "违禁词");
    }

    [Fact]
    public async Task APushedAnswer_IsMasked()
    {
        var openId = WindowScenario.NewOpenId();
        var question = $"push {Guid.NewGuid():N}";
        factory.Script(question, new ModelScript { Answer = "推送的回答里有违禁词。", Latency = TimeSpan.FromSeconds(8) });

        var outcome = await factory.Deliver(Messages.Text(openId, question));
        await factory.AdvanceUntilAsync(() => factory.WeChatApi.Sent.Any(m => m.ToUser == openId));

        outcome.Body.ShouldBe("success");
        factory.WeChatApi.Sent.Where(m => m.ToUser == openId).Select(m => m.Content).ShouldBe(["推送的回答里有***。"]);
    }
}
