using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

/// <summary>
/// The owner's console over real HTTP: failures on record for each way the model fails, the model keys (state,
/// re-enable, the retry of a disabled key), token usage from the stream's own count (or estimated), the daily budget.
/// </summary>
public sealed partial class OwnerConsoleTests
{
    private static readonly TextsOptions Texts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachWayTheModelFails_IsOnRecord_WithItsKindStatusAndQuestion_AndNeverInTheFollowersHistory()
    {
        await using var factory = new WeChatGptFactory().WithAdmin().With("OpenAI:StallTimeout", "00:00:00.5");
        factory.Model.Script = r => r.LastUserMessage switch
        {
            "服务器坏了" => new ModelScript { Status = 500 },
            "卡住了" => new ModelScript { Answer = "半句", StallAfterChunks = 0 },
            "断掉了" => new ModelScript { Answer = "说到一半就", ChunkChars = 2, EndAfterChunks = 1 },
            "钥匙坏了" => new ModelScript { Status = 401 },
            var q => new ModelScript { Answer = "答：" + q },
        };

        foreach (var (openId, question) in new[] { ("o-fail-500", "服务器坏了"), ("o-fail-stall", "卡住了"), ("o-fail-end", "断掉了"), ("o-fail-401", "钥匙坏了") })
        {
            (await AskAsync(factory, openId, question)).ShouldBe(Texts.Apology);
        }

        var failures = await EventuallyFailuresAsync(factory, 4);
        Row(failures, "o-fail-500").GetProperty("kind").GetString().ShouldBe("model-server-error");
        Row(failures, "o-fail-500").GetProperty("status").GetInt32().ShouldBe(500);
        Row(failures, "o-fail-stall").GetProperty("kind").GetString().ShouldBe("model-stalled");
        Row(failures, "o-fail-end").GetProperty("kind").GetString().ShouldBe("model-incomplete");
        Row(failures, "o-fail-401").GetProperty("kind").GetString().ShouldBe("model-unauthorized");
        Row(failures, "o-fail-401").GetProperty("status").GetInt32().ShouldBe(401);
        failures.EnumerateArray().ShouldAllBe(f => !f.GetProperty("detail").GetString()!.Contains(WeChatGptFactory.ModelKey, StringComparison.Ordinal));

        // The page, filtered by kind, shows the question; the follower's history has no trace of the failed turn.
        var admin = factory.AdminClient();
        var page = await admin.GetStringAsync("/admin/failures?kind=model-stalled", Ct);
        page.ShouldContain("卡住了");
        page.ShouldNotContain("服务器坏了");
        page.ShouldContain("model-server-error (1)");
        (await admin.GetStringAsync("/admin/followers/o-fail-stall", Ct)).ShouldContain("0 turns, newest first");
        (await admin.GetStringAsync("/admin", Ct)).ShouldContain("href=\"/admin/failures\"");
    }

    [Fact]
    public async Task ARateLimitedKey_AndAnAnswerPastItsTimeLimit_AreOnRecord()
    {
        await using var factory = new WeChatGptFactory().WithAdmin().With("Chat:AnswerTimeout", "00:00:06").With("OpenAI:MaxWaitForKey", "00:00:01");
        factory.Model.Script = r => r.LastUserMessage switch
        {
            "太慢了" => new ModelScript { Answer = string.Concat(Enumerable.Repeat("慢", 80)), ChunkChars = 1, ChunkDelay = TimeSpan.FromMilliseconds(100) },
            "太多了" => new ModelScript { Status = 429, RetryAfter = TimeSpan.FromMinutes(5) },
            var q => new ModelScript { Answer = "答：" + q },
        };

        (await AskAsync(factory, "o-fail-slow", "太慢了")).ShouldBe(Texts.Apology);
        (await AskAsync(factory, "o-fail-429", "太多了")).ShouldBe(Texts.Apology);

        var failures = await EventuallyFailuresAsync(factory, 2);
        Row(failures, "o-fail-slow").GetProperty("kind").GetString().ShouldBe("timeout");
        Row(failures, "o-fail-429").GetProperty("kind").GetString().ShouldBe("model-rate-limited");
        var keys = await factory.AdminClient().GetFromJsonAsync<JsonElement>("/admin/api/keys", Ct);
        keys[0].GetProperty("state").GetString().ShouldBe("resting");
        keys[0].GetProperty("lastStatus").GetInt32().ShouldBe(429);
    }

    [Fact]
    public async Task AKeyRefusedWith401_IsShownDisabled_HealthIsDegraded_AndReEnablingItOnThePageBringsItBack()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();
        var revoked = true;
        factory.Model.Script = r => revoked ? new ModelScript { Status = 401 } : new ModelScript { Answer = "答：" + r.LastUserMessage };
        (await AskAsync(factory, "o-key-1", "第一个问题")).ShouldBe(Texts.Apology);

        var admin = factory.AdminClient();
        var keys = await admin.GetFromJsonAsync<JsonElement>("/admin/api/keys", Ct);
        keys.GetArrayLength().ShouldBe(1);
        keys[0].GetProperty("key").GetString().ShouldBe("…" + WeChatGptFactory.ModelKey[^4..]);
        keys[0].GetProperty("state").GetString().ShouldBe("disabled");
        keys[0].GetProperty("lastStatus").GetInt32().ShouldBe(401);
        keys[0].GetProperty("requestsToday").GetInt32().ShouldBe(1);
        keys[0].GetProperty("errorsToday").GetInt32().ShouldBe(1);
        keys.GetRawText().ShouldNotContain(WeChatGptFactory.ModelKey);
        (await factory.CreateClient().GetStringAsync("/health/ready", Ct)).ShouldContain("Degraded");

        // Fixed at the provider; the owner re-enables it on the page (antiforgery).
        revoked = false;
        var page = await admin.GetStringAsync("/admin/keys", Ct);
        page.ShouldContain("disabled");
        var token = WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
        using (var bare = await admin.PostAsync($"/admin/keys/{WeChatGptFactory.ModelKey[^4..]}/enable", new FormUrlEncodedContent([]), Ct))
        {
            bare.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "no antiforgery token, no action");
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, $"/admin/keys/{WeChatGptFactory.ModelKey[^4..]}/enable") { Content = new FormUrlEncodedContent([new("__af", token)]) };
        var enabled = await admin.SendAsync(post, Ct);
        enabled.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await admin.GetFromJsonAsync<JsonElement>("/admin/api/keys", Ct))[0].GetProperty("state").GetString().ShouldBe("active");
        (await factory.CreateClient().GetStringAsync("/health/ready", Ct)).ShouldNotContain("Degraded");
        (await AskAsync(factory, "o-key-2", "第二个问题")).ShouldBe("答：第二个问题");
        (await admin.PostAsync("/admin/api/keys/zzzz/enable", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ADisabledKey_IsTriedAgainByItself_AfterDisabledKeyRetry()
    {
        await using var factory = new WeChatGptFactory().WithAdmin().With("OpenAI:DisabledKeyRetry", "01:00:00").UseManualClock();
        var revoked = true;
        factory.Model.Script = r => revoked ? new ModelScript { Status = 401 } : new ModelScript { Answer = "答：" + r.LastUserMessage };
        (await AskAsync(factory, "o-retry-1", "钥匙被吊销")).ShouldBe(Texts.Apology);
        revoked = false;

        factory.Clock!.Advance(TimeSpan.FromMinutes(59));
        (await AskAsync(factory, "o-retry-2", "还不行吗")).ShouldBe(Texts.Apology);
        factory.Model.Requests.Count.ShouldBe(1, "within the hour the disabled key is not tried");

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        (await AskAsync(factory, "o-retry-3", "现在呢")).ShouldBe("答：现在呢");
        (await factory.AdminClient().GetFromJsonAsync<JsonElement>("/admin/api/keys", Ct))[0].GetProperty("state").GetString().ShouldBe("active");
    }

    [Fact]
    public async Task Usage_IsStoredFromTheStreamsOwnCount_EstimatedWhenItSendsNone_AndPricedPerModel()
    {
        await using var factory = new WeChatGptFactory().WithAdmin()
            .With("OpenAI:Model", "gpt-test")
            .With("OpenAI:Prices:gpt-test:Input", "2")
            .With("OpenAI:Prices:gpt-test:Output", "8")
            .With("OpenAI:Currency", "CNY");
        factory.Model.Script = r => r.LastUserMessage == "算一下"
            ? new ModelScript { Answer = "答：算好了", Usage = (1200, 300) }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };

        (await AskAsync(factory, "o-usage-counted", "算一下")).ShouldBe("答：算好了");
        (await AskAsync(factory, "o-usage-estimated", "不计数的服务")).ShouldBe("答：不计数的服务");
        factory.Model.Requests.ShouldAllBe(r => r.IncludeUsage, "every streaming request asks for its usage");

        var admin = factory.AdminClient();
        var today = (await admin.GetFromJsonAsync<JsonElement>("/admin/api/usage?days=7", Ct))!;
        today.GetArrayLength().ShouldBe(7);
        var day = today[0];
        var prompt = day.GetProperty("promptTokens").GetInt64();
        var completion = day.GetProperty("completionTokens").GetInt64();
        prompt.ShouldBeGreaterThan(1200, "the counted call's 1200, and the estimate of the other");
        completion.ShouldBeGreaterThan(300);
        day.GetProperty("estimated").GetBoolean().ShouldBeTrue("one answer came without a count");
        day.GetProperty("cost").GetDecimal().ShouldBe(((prompt * 2m) + (completion * 8m)) / 1_000_000m);
        day.GetProperty("models")[0].GetProperty("model").GetString().ShouldBe("gpt-test");
        today[1].GetProperty("promptTokens").GetInt64().ShouldBe(0);

        var top = await admin.GetFromJsonAsync<JsonElement>("/admin/api/usage/followers", Ct);
        top[0].GetProperty("promptTokens").GetInt64().ShouldBe(1200, "the counted call, exactly as the stream reported it");
        top[0].GetProperty("completionTokens").GetInt64().ShouldBe(300);
        top[0].GetProperty("openId").GetString().ShouldBe("o-us…nted");

        var page = await admin.GetStringAsync("/admin/usage", Ct);
        page.ShouldContain("gpt-test");
        page.ShouldContain("CNY");
        page.ShouldContain("(estimated)");
    }

    [Fact]
    public async Task AFollowerWhoSpentTheDailyBudget_GetsTheFriendlyText_WithoutAModelCall_AndOthersAreStillAnswered()
    {
        await using var factory = new WeChatGptFactory().With("Chat:DailyTokensPerFollower", "1000");
        factory.Model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Usage = (800, 250) };

        (await AskAsync(factory, "o-budget", "第一个问题")).ShouldBe("答：第一个问题");
        (await AskAsync(factory, "o-budget", "第二个问题")).ShouldBe(Texts.DailyBudgetSpent);
        (await AskAsync(factory, "o-budget-other", "别人的问题")).ShouldBe("答：别人的问题");

        factory.Model.RequestCount("第二个问题").ShouldBe(0);
    }

    [Fact]
    public async Task AKeywordAddedChangedAndDeletedInThePage_AnswersThroughTheWebhook_AndABadFormIsShownAgainWithWhatWasWrong()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();
        var admin = factory.AdminClient();
        var token = WebUtility.HtmlDecode(TokenField().Match(await admin.GetStringAsync("/admin/keywords", Ct)).Groups[1].Value);

        using (var forged = await admin.PostAsync("/admin/keywords", new FormUrlEncodedContent([new("keyword", "营业时间"), new("match", "Exact"), new("reply", "伪造的"), new("enabled", "on")]), Ct))
        {
            forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "no antiforgery token");
        }

        using (var empty = await PostFormAsync(admin, "/admin/keywords", token, ("keyword", ""), ("match", "Exact"), ("reply", "没有关键词"), ("enabled", "on")))
        {
            empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await empty.Content.ReadAsStringAsync(Ct)).ShouldContain("class=\"errors\"");
        }

        using (var added = await PostFormAsync(admin, "/admin/keywords", token, ("keyword", "营业时间"), ("match", "Exact"), ("reply", "每天 9:00–21:00 <营业>"), ("enabled", "on")))
        {
            added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await AskAsync(factory, "o-kw-page", "营业时间")).ShouldBe("每天 9:00–21:00 <营业>");
        factory.Model.RequestCount("营业时间").ShouldBe(0);
        var page = await admin.GetStringAsync("/admin/keywords", Ct);
        page.ShouldContain("每天 9:00–21:00 &lt;营业&gt;");

        var id = (await admin.GetFromJsonAsync<JsonElement>("/admin/api/keywords", Ct))[0].GetProperty("id").GetInt64();
        using (var changed = await PostFormAsync(admin, $"/admin/keywords/{id}", token, ("keyword", "营业"), ("match", "Contains"), ("reply", "全天营业")))
        {
            changed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await changed.Content.ReadAsStringAsync(Ct));
        }

        (await admin.GetFromJsonAsync<JsonElement>("/admin/api/keywords", Ct))[0].GetProperty("enabled").GetBoolean().ShouldBeFalse("the box was not ticked");
        using (var deleted = await PostFormAsync(admin, $"/admin/keywords/{id}/delete", token))
        {
            deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await admin.GetFromJsonAsync<JsonElement>("/admin/api/keywords", Ct)).GetArrayLength().ShouldBe(0);
        (await AskAsync(factory, "o-kw-page", "营业时间")).ShouldBe("答：营业时间");
    }

    [Fact]
    public async Task TheTrends_AreSmallServerDrawnCharts_OfTheLast7And30Days()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();
        factory.Model.Script = r => r.LastUserMessage == "坏的"
            ? new ModelScript { Status = 500 }
            : new ModelScript { Answer = "答：" + r.LastUserMessage, Usage = (100, 20) };
        (await AskAsync(factory, "o-trend-1", "好的")).ShouldBe("答：好的");
        (await AskAsync(factory, "o-trend-2", "坏的")).ShouldBe(Texts.Apology);
        await EventuallyFailuresAsync(factory, 1);

        var admin = factory.AdminClient();
        var week = await admin.GetStringAsync("/admin/trends", Ct);
        var month = await admin.GetStringAsync("/admin/trends?days=30", Ct);

        Regex.Count(week, "<svg ").ShouldBe(5, "messages, answered share, partials, failures, tokens");
        Regex.Count(week, "<rect ").ShouldBe(5 * 7);
        Regex.Count(month, "<rect ").ShouldBe(5 * 30);
        week.ShouldNotContain("<script");
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        week.ShouldContain($"<title>{today}: 2</title>", customMessage: "today's two messages");
        week.ShouldContain($"<title>{today}: 50%</title>", customMessage: "one of them answered in the window");
        week.ShouldContain($"<title>{today}: 1</title>", customMessage: "one failure");
        week.ShouldContain($"<title>{today}: 120</title>", customMessage: "the answered one's tokens");
    }

    [Fact]
    public async Task TheMenuPublishedFromThePage_ReachesWeChat_AndOneBeyondWeChatsLimits_IsShownAgainWithTheReason_NeverSent()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();
        var admin = factory.AdminClient();
        var page = await admin.GetStringAsync("/admin/menu", Ct);
        var token = WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);

        using (var tooMany = await PostFormAsync(admin, "/admin/menu", token, ("menu", """{"button":[{"type":"click","name":"一","key":"1"},{"type":"click","name":"二","key":"2"},{"type":"click","name":"三","key":"3"},{"type":"click","name":"四","key":"4"}]}""")))
        {
            tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var shown = await tooMany.Content.ReadAsStringAsync(Ct);
            shown.ShouldContain("class=\"errors\"");
            shown.ShouldContain("&quot;name&quot;:&quot;四&quot;", customMessage: "the menu is shown again as posted, encoded");
        }

        using (var notJson = await PostFormAsync(admin, "/admin/menu", token, ("menu", "{button:")))
        {
            notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        factory.WeChatApi.Menus.ShouldBeEmpty("our checks refused both before WeChat");
        using (var published = await PostFormAsync(admin, "/admin/menu", token, ("menu", """{"button":[{"type":"click","name":"营业时间","key":"营业时间"}]}""")))
        {
            published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        factory.WeChatApi.Menus.Single().ShouldContain("营业时间");
        factory.WeChatApi.MenuResult = () => 48001;
        using var refused = await PostFormAsync(admin, "/admin/menu", token, ("menu", """{"button":[{"type":"click","name":"营业时间","key":"营业时间"}]}"""));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("errcode 48001");
    }

    [Fact]
    public async Task ATemplateAddedInThePage_IsStartedByItsTrigger_AndABadOneIsShownAgain()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();
        var admin = factory.AdminClient();
        var token = WebUtility.HtmlDecode(TokenField().Match(await admin.GetStringAsync("/admin/templates", Ct)).Groups[1].Value);

        using (var bad = await PostFormAsync(admin, "/admin/templates", token, ("id", "Bad Id!"), ("name", "坏的"), ("trigger", "坏"), ("systemPrompt", "x"), ("enabled", "on")))
        {
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await bad.Content.ReadAsStringAsync(Ct)).ShouldContain("class=\"errors\"");
        }

        using (var added = await PostFormAsync(admin, "/admin/templates", token, ("id", "poet"), ("name", "诗人"), ("trigger", "写诗"), ("systemPrompt", "你是一位诗人。"), ("language", "zh-CN"), ("enabled", "on")))
        {
            added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await admin.GetStringAsync("/admin/templates", Ct)).ShouldContain("诗人");
        await AskAsync(factory, "o-template-page", "写诗");
        await AskAsync(factory, "o-template-page", "写一首关于秋天的");
        factory.Model.Requests.Last().Messages[0].Content.ShouldContain("你是一位诗人。");
        (await admin.GetStringAsync("/admin/followers/o-template-page", Ct)).ShouldContain("template “诗人”", customMessage: "the turn is marked with its template");

        using (var deleted = await PostFormAsync(admin, "/admin/templates/poet/delete", token))
        {
            deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await admin.GetStringAsync("/admin/templates", Ct)).ShouldNotContain("诗人");
    }

    [Fact]
    public async Task AConversation_ShowsWhatTheFollowerReceived_InTheMessagesItWentOutIn_WithItsMarks_AndIsSearchable()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();
        var markdown = "**要点**：" + string.Concat(Enumerable.Range(1, 300).Select(i => $"第{i}点说明。"));
        factory.Model.Script = r => r.LastUserMessage == "长的问题"
            ? new ModelScript { Answer = markdown, Usage = (500, 900) }
            : new ModelScript { Answer = "答：" + r.LastUserMessage };
        await AskAsync(factory, "o-view", "长的问题");
        var secondPart = await AskAsync(factory, "o-view", "继续");
        await AskAsync(factory, "o-view", "短的问题");
        using (var keyword = await factory.AdminClient().PostAsJsonAsync("/admin/api/keywords", new { keyword = "价格", reply = "每位 88 元。", match = "Exact" }, Ct))
        {
            keyword.EnsureSuccessStatusCode();
        }

        (await AskAsync(factory, "o-view", "价格")).ShouldBe("每位 88 元。");
        using (var api = await factory.ApiClient().PostAsJsonAsync("/api/followers/api-tester/messages", new { text = "接口里的问题" }, Ct))
        {
            api.EnsureSuccessStatusCode();
        }

        var admin = factory.AdminClient();
        var page = await admin.GetStringAsync("/admin/followers/o-view", Ct);
        page.ShouldContain("via WeChat");
        page.ShouldContain("1,400 tokens");
        page.ShouldContain("要点：第1点说明。", customMessage: "the Markdown made plain, as the follower read it");
        page.ShouldContain("继续 1", customMessage: "the parts a 继续 takes are shown as such");
        page.ShouldContain("**要点**", customMessage: "the model's Markdown, behind its toggle");
        page.ShouldContain("keyword reply or command");
        page.ShouldContain("每位 88 元。", customMessage: "the keyword reply, among the other replies");
        page.ShouldContain(WebUtility.HtmlEncode(secondPart[..20]), customMessage: "the part 继续 took");
        var found = await admin.GetStringAsync("/admin/followers/o-view?q=短的", Ct);
        found.ShouldContain("短的问题");
        found.ShouldNotContain("长的问题");

        var tester = await admin.GetStringAsync("/admin/followers/api-tester", Ct);
        tester.ShouldContain("via the API");
        tester.ShouldContain("API test follower");
        var list = await admin.GetStringAsync("/admin/followers", Ct);
        list.ShouldContain("1 follower(s) and 1 API test follower(s)");
    }

    [Fact]
    public async Task ThePages_AreInChineseByDefault_AndInEnglishWhenAsked_AndAValueNeverEscapesItsEncoding()
    {
        await using var chinese = new WeChatGptFactory().WithAdmin(language: null);
        await using var english = new WeChatGptFactory().WithAdmin(language: "en");
        chinese.Model.Script = r => new ModelScript { Status = 500 };
        await AskAsync(chinese, "o-lang", "<script>alert('问题')</script>");
        await EventuallyFailuresAsync(chinese, 1);

        var zh = await chinese.AdminClient().GetStringAsync("/admin", Ct);
        zh.ShouldContain("<html lang=\"zh-CN\">");
        zh.ShouldContain("收到的消息");
        zh.ShouldContain(">失败记录</a>");
        var en = await english.AdminClient().GetStringAsync("/admin", Ct);
        en.ShouldContain("<html lang=\"en\">");
        en.ShouldContain("Messages received");

        // A follower's words are text wherever they are shown, never markup.
        var failures = await chinese.AdminClient().GetStringAsync("/admin/failures", Ct);
        failures.ShouldContain("&lt;script&gt;alert(&#x27;问题&#x27;)&lt;/script&gt;");
        failures.ShouldNotContain("<script>");
        var conversation = await chinese.AdminClient().GetStringAsync("/admin/followers/o-lang?q=" + Uri.EscapeDataString("\"><b>x</b>"), Ct);
        conversation.ShouldContain("value=\"&quot;&gt;&lt;b&gt;x&lt;/b&gt;\"");
    }

    [Fact]
    public async Task AConfirmationNamingAFollowersKeyword_CannotBreakOutOfItsScript()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();
        using (var added = await factory.AdminClient().PostAsJsonAsync("/admin/api/keywords", new { keyword = "x'); alert(1); ('", reply = "回复", match = "Exact" }, Ct))
        {
            added.EnsureSuccessStatusCode();
        }

        var page = await factory.AdminClient().GetStringAsync("/admin/keywords", Ct);
        var confirm = Regex.Match(page, "return confirm\\('([^']*)'\\)").Groups[1].Value;
        confirm.ShouldContain("x\\u0027); alert(1); (\\u0027", customMessage: "the keyword's quotes are escaped for the script, so the string cannot end early");
        page.ShouldNotContain("x'); alert(1)");
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string token, params (string Name, string Value)[] fields) =>
        client.PostAsync(path, new FormUrlEncodedContent([new("__af", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]), Ct);

    private static async Task<string> AskAsync(WeChatGptFactory factory, string openId, string text)
    {
        var response = await factory.WeChat().PostAsync(Messages.Text(openId, text), cancellationToken: Ct);
        return WeChatXmlReader.ReadFields(response.Body)["Content"];
    }

    /// <summary>The day's failures once at least <paramref name="count"/> are written (they are written in the background).</summary>
    private static async Task<JsonElement> EventuallyFailuresAsync(WeChatGptFactory factory, int count)
    {
        var admin = factory.AdminClient();
        JsonElement failures = default;
        await Eventually.TrueAsync(
            async () =>
            {
                failures = await admin.GetFromJsonAsync<JsonElement>("/admin/api/failures", Ct);
                return failures.GetArrayLength() >= count;
            },
            TimeSpan.FromSeconds(5),
            $"{count} failures on record");
        return failures;
    }

    /// <summary>The record of a follower (the API shows OpenIDs shortened: first 4 and last 4 characters).</summary>
    private static JsonElement Row(JsonElement failures, string openId) =>
        failures.EnumerateArray().Single(f => f.GetProperty("openId").GetString() == (openId.Length <= 10 ? openId : $"{openId[..4]}…{openId[^4..]}"));

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
