using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Operations;

/// <summary>What the service tells its operator: JSON logs that keep followers' words and secrets out, metrics, OTLP export.</summary>
public sealed class ObservabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_NeverCarryMessageText_Secrets_OrWholeOpenIds()
    {
        const string openId = "oLogPrivacyFollower0123456789";
        const string question = "我的银行卡密码是多少秘密问题";
        const string answer = "这是秘密回答的内容";
        await using var factory = new WeChatGptFactory().WithAdmin().With("WeChat:ReplyMode", "CustomerService");
        factory.Model.Script = r => r.LastUserMessage == question ? new ModelScript { Answer = answer } : new ModelScript { Status = 401 };
        var wechat = factory.WeChat();

        await wechat.PostAsync(Messages.Text(openId, question), cancellationToken: Ct);
        await wechat.PostAsync(Messages.Event(openId, "subscribe"), cancellationToken: Ct);
        await wechat.PostAsync(Messages.Event(openId, "CLICK", "MENU_KEY", createTime: Messages.Now() + 1), cancellationToken: Ct);
        await wechat.PostAsync(Messages.Text(openId, "这次模型会拒绝"), cancellationToken: Ct);
        await Task.Delay(500, Ct);
        await factory.ApiClient().GetAsync($"/api/followers/{openId}/messages", Ct);
        await factory.AdminClient(password: "wrong-password-xyz").GetAsync("/admin/api/keywords", Ct);
        await factory.AdminClient().GetAsync($"/admin/followers/{openId}", Ct);
        factory.WeChatApi.MenuResult = () => 40018;
        await factory.AdminClient().PostAsync("/admin/api/menu", new StringContent("{\"button\":[{\"type\":\"click\",\"name\":\"菜单\",\"key\":\"K\"}]}", System.Text.Encoding.UTF8, "application/json"), Ct);
        factory.WeChatApi.CurrentToken.ShouldNotBeEmpty();

        var logged = string.Join("\n", factory.Logs.Entries.Select(e => e.Message + " " + e.Exception));
        logged.ShouldNotBeEmpty();
        foreach (var secret in new[]
        {
            openId, question, answer, "这次模型会拒绝",
            WeChatGptFactory.AppSecret, WeChatGptFactory.ModelKey, WeChatGptFactory.ApiKey, WeChatGptFactory.AdminPassword, "wrong-password-xyz",
            WeChatGptFactory.EncodingAesKey, factory.WeChatApi.CurrentToken,
        })
        {
            logged.ShouldNotContain(secret, Case.Sensitive);
        }

        logged.ShouldContain(openId[..6] + "…");
    }

    [Fact]
    public async Task ConsoleLogs_AreJsonByDefault()
    {
        await using var factory = new WeChatGptFactory();

        factory.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName.ShouldBe(ConsoleFormatterNames.Json);
    }

    [Fact]
    public async Task Metrics_CountMessages_Outcomes_Redeliveries_AndTimeTheModel()
    {
        await using var factory = new WeChatGptFactory();
        _ = factory.Server;
        using var metrics = new MetricsRecorder(factory.Services);
        factory.Model.Script = r => r.LastUserMessage == "会失败" ? new ModelScript { Status = 500 } : new ModelScript { Answer = "好。" };
        var wechat = factory.WeChat();

        var push = wechat.Push(Messages.Text("o-metrics", "你好"));
        await push.SendAsync(Ct);
        await push.SendAsync(Ct);
        await wechat.PostAsync(Messages.Text("o-metrics", "会失败"), cancellationToken: Ct);
        await wechat.PostAsync(Messages.Event("o-metrics", "subscribe"), cancellationToken: Ct);

        metrics.Sum("wechatgpt.messages.received", "kind", "text").ShouldBe(2);
        metrics.Sum("wechatgpt.messages.received", "kind", "event:subscribe").ShouldBe(1);
        metrics.Sum("wechatgpt.messages.redelivered").ShouldBe(1);
        metrics.Sum("wechatgpt.replies", "outcome", "answered").ShouldBe(1);
        metrics.Sum("wechatgpt.replies", "outcome", "failed").ShouldBe(1);
        metrics.Sum("wechatgpt.replies", "outcome", "canned").ShouldBe(1);
        metrics.Sum("wechatgpt.model.errors").ShouldBe(1);
        metrics.Count("wechatgpt.model.duration").ShouldBe(2);
        metrics.Count("wechatgpt.model.time_to_first_token").ShouldBe(1);
    }

    [Fact]
    public async Task WithAnOtlpEndpoint_MetricsAreExported()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var factory = new WeChatGptFactory()
            .With("Otlp:Endpoint", collector.MetricsEndpoint.ToString())
            .With("Otlp:Protocol", "HttpProtobuf")
            .With("Otlp:ExportInterval", "00:00:00.2");

        await factory.WeChat().PostAsync(Messages.Text("o-otlp", "你好"), cancellationToken: Ct);

        // The model's duration is recorded when its answer ends, which may fall in a later export than the message.
        await Eventually.TrueAsync(
            () => collector.Received("wechatgpt.messages.received") && collector.Received("wechatgpt.model.duration"), TimeSpan.FromSeconds(15), "both metrics exported");

        collector.Received("wechatgpt.messages.received").ShouldBeTrue();
        collector.Received("wechatgpt.model.duration").ShouldBeTrue();
        collector.ContentTypes.ShouldAllBe(t => t == "application/x-protobuf");
    }

    [Fact]
    public async Task WithoutAnOtlpEndpoint_NothingIsExported()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var factory = new WeChatGptFactory().With("Otlp:ExportInterval", "00:00:00.2");

        await factory.WeChat().PostAsync(Messages.Text("o-otlp-off", "你好"), cancellationToken: Ct);
        await Task.Delay(600, Ct);

        collector.Exports.ShouldBeEmpty();
    }
}
