namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// Two real app instances ("instance-a" and "instance-b") on one new PostgreSQL database, sharing A's fake model and fake WeChat: what
/// a load balancer in front of two instances gives WeChat. Settings apply to both.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(WeChatGptFactory a, WeChatGptFactory b)
    {
        A = a;
        B = b;
    }

    public WeChatGptFactory A { get; }

    public WeChatGptFactory B { get; }

    public static TwoInstances Start(params (string Key, string Value)[] settings)
    {
        var database = PostgresServer.NewDatabase();
        var a = new WeChatGptFactory(database) { KeepDatabase = true }.WithAdmin().With("Instance:Name", "instance-a");
        var b = new WeChatGptFactory(database).WithAdmin().With("Instance:Name", "instance-b")
            .With("OpenAI:BaseUrl", a.Model.BaseUrl.ToString())
            .With("WeChat:ApiBaseUrl", a.WeChatApi.Address.ToString());
        foreach (var (key, value) in settings)
        {
            a.With(key, value);
            b.With(key, value);
        }

        _ = a.Server;
        _ = b.Server;
        return new TwoInstances(a, b);
    }

    /// <summary>A text sent once to <paramref name="instance"/>, and the text of its reply.</summary>
    public static async Task<string> AskAsync(WeChatGptFactory instance, string openId, string question, CancellationToken cancellationToken)
    {
        var wechat = instance.WeChat();
        return wechat.OpenReply(await wechat.PostAsync(Messages.Text(openId, question), cancellationToken: cancellationToken))["Content"];
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
