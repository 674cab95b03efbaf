using System.Net;
using Npgsql;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Postgres;

/// <summary>PostgreSQL as an operator meets it: a wrong server at start, and a server lost while running.</summary>
public sealed class PostgresOperationsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AServerLostWhileRunning_Answers503AndTheApology_AndIsBackWithoutARestart()
    {
        var database = new NpgsqlConnectionStringBuilder(PostgresServer.NewDatabase());
        await using var cut = TcpCut.To("127.0.0.1", database.Port);
        database.Port = cut.Port;
        await using var factory = new WeChatGptFactory(database.ConnectionString).With("Jobs:Enabled", "false");
        var client = factory.CreateClient();
        var wechat = factory.WeChat();
        (await client.GetAsync("/health/ready", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wechat.PostAsync(Messages.Text("o-pg-lost", "在吗"), cancellationToken: Ct)).Body.ShouldContain("答：在吗");

        cut.Cut();
        var whileLost = await wechat.PostAsync(Messages.Text("o-pg-lost", "还在吗"), cancellationToken: Ct);
        var readyWhileLost = await client.GetAsync("/health/ready", Ct);

        whileLost.Status.ShouldBe(HttpStatusCode.OK, "never a 5xx to WeChat");
        whileLost.Body.ShouldNotContain("Exception");
        var texts = new TextsOptions();
        new[] { texts.StorageBusy, texts.Apology }.ShouldContain(ReplyText(wechat, whileLost), "a friendly text, not WeChat's failure notice");
        readyWhileLost.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);

        cut.Restore();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready", Ct)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "ready again once the server is back");
        (await wechat.PostAsync(Messages.Text("o-pg-lost", "回来了吗"), cancellationToken: Ct)).Body.ShouldContain("答：回来了吗");
    }

    [Fact]
    public async Task AnUnreachableServerAtStart_IsOneLine_AndExitCodeOne()
    {
        var port = FreePort();
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["WeChat:Token"] = "token123",
            ["OpenAI:ApiKeys:0"] = "sk-test",
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Default"] = $"Host=127.0.0.1;Port={port};Database=wechatgpt;Username=wechatgpt;Password=secret-pw-123",
        }, Ct, waitForListening: false);

        await service.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);

        service.ExitCode.ShouldBe(1);
        var errors = service.Output.Where(l => l.Contains("Database error:", StringComparison.Ordinal)).ToList();
        errors.ShouldHaveSingleItem().ShouldContain($"PostgreSQL at 127.0.0.1:{port} (database wechatgpt) could not be used");
        service.Output.ShouldNotContain(l => l.Contains("secret-pw-123", StringComparison.Ordinal), "the password is never printed");
        service.Output.ShouldNotContain(l => l.Contains("   at ", StringComparison.Ordinal), "no stack trace");
    }

    private static string ReplyText(WeChatClient wechat, PushResponse response) =>
        wechat.OpenReply(response).TryGetValue("Content", out var content) ? content : response.Body;

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
