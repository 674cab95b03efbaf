using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Protection;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Protection;

/// <summary>WeChat:VerifySourceIp: only WeChat's callback addresses may POST to /wechat.</summary>
public sealed class SourceIpAllowListTests
{
    private static readonly string[] CallbackIps = ["10.1.2.3", "192.168.7.0/24", "2001:db8::/32"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.7.200")]
    [InlineData("::ffff:192.168.7.1")]
    [InlineData("2001:db8::42")]
    public async Task FromACallbackAddressOrRange_TheMessageIsAnswered(string address)
    {
        await using var factory = await StartAsync();

        var response = await Client(factory, address).PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Body.ShouldContain("答：你好");
    }

    [Theory]
    [InlineData("10.1.2.4")]
    [InlineData("192.168.8.1")]
    [InlineData("2001:db9::1")]
    public async Task FromAnyOtherAddress_403_Counted_AndTheModelIsNotAsked(string address)
    {
        await using var factory = await StartAsync();
        using var metrics = new MetricsRecorder(factory.Services);
        var question = $"outside {Guid.NewGuid():N}";

        var response = await Client(factory, address).PostAsync(Messages.Text("o-ip", question), cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response.Body.ShouldBe("forbidden");
        metrics.Sum("wechatgpt.webhook.rejected_sources").ShouldBe(1);
        factory.Model.RequestCount(question).ShouldBe(0);
    }

    [Fact]
    public async Task BehindAProxy_XForwardedFor_CountsOnlyWhenTheProxyIsKnown()
    {
        await using (var unknownProxy = await StartAsync())
        {
            // The proxy (127.0.0.1) is not listed: the header is ignored and 127.0.0.1 is not WeChat.
            var response = await Client(unknownProxy, "127.0.0.1", forwardedFor: "10.1.2.3").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct);
            response.Status.ShouldBe(HttpStatusCode.Forbidden);
        }

        await using var knownProxy = await StartAsync(f => f.With("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));

        (await Client(knownProxy, "127.0.0.1", forwardedFor: "10.1.2.3").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct)).Status.ShouldBe(HttpStatusCode.OK);
        (await Client(knownProxy, "127.0.0.1", forwardedFor: "8.8.8.8").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct)).Status.ShouldBe(HttpStatusCode.Forbidden);

        // Anyone else can write the header too: from an address that is not the proxy it is not believed.
        (await Client(knownProxy, "198.51.100.1", forwardedFor: "10.1.2.3").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct)).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task KnownProxies_AcceptCidrRanges()
    {
        await using var factory = await StartAsync(f => f.With("ForwardedHeaders:KnownProxies:0", "172.16.0.0/12"));

        var response = await Client(factory, "172.17.0.1", forwardedFor: "192.168.7.9").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task KnownProxies_CanBeOneCommaSeparatedValue_AsInAnEnvironmentVariable()
    {
        await using var factory = await StartAsync(f => f.With("ForwardedHeaders:KnownProxies", "10.9.9.9, 172.16.0.0/12"));

        var response = await Client(factory, "172.17.0.1", forwardedFor: "192.168.7.9").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WhenTheListCannotBeFetched_NobodyIsLockedOut_AndAWarningSaysSo()
    {
        await using var factory = new WeChatGptFactory().With("WeChat:VerifySourceIp", "true");
        factory.WeChatApi.CallbackIps = () => (null, 45009);
        _ = factory.Server;
        await Eventually.TrueAsync(() => factory.WeChatApi.CallbackIpRequests > 0, TimeSpan.FromSeconds(15));

        var response = await Client(factory, "8.8.8.8").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct);

        response.Status.ShouldBe(HttpStatusCode.OK);
        factory.Logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("not source-checked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARefreshThatFails_KeepsTheLastGoodList()
    {
        await using var factory = await StartAsync();
        factory.WeChatApi.CallbackIps = () => (null, -1);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await Should.ThrowAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new Application.Protection.RefreshCallbackIps.RefreshCallbackIpsCommand(), Ct));
        }

        factory.Services.GetRequiredService<CallbackIpAllowList>().Invalidate();
        (await Client(factory, "10.1.2.3").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct)).Status.ShouldBe(HttpStatusCode.OK);
        (await Client(factory, "8.8.8.8").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct)).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WithVerificationOff_AnyAddressMayPost()
    {
        await using var factory = new WeChatGptFactory();

        (await Client(factory, "8.8.8.8").PostAsync(Messages.Text("o-ip", "你好"), cancellationToken: Ct)).Status.ShouldBe(HttpStatusCode.OK);
        factory.WeChatApi.CallbackIpRequests.ShouldBe(0);
    }

    /// <summary>A host with verification on whose list (fetched at start) is <see cref="CallbackIps"/>.</summary>
    private static async Task<WeChatGptFactory> StartAsync(Action<WeChatGptFactory>? configure = null)
    {
        var factory = new WeChatGptFactory().With("WeChat:VerifySourceIp", "true");
        factory.WeChatApi.CallbackIps = () => (CallbackIps, 0);
        configure?.Invoke(factory);
        _ = factory.Server;
        await Eventually.TrueAsync(
            async () =>
            {
                await using var scope = factory.Services.CreateAsyncScope();
                return (await scope.ServiceProvider.GetRequiredService<ICallbackIpStore>().GetAsync(Ct)).Count == CallbackIps.Length;
            },
            TimeSpan.FromSeconds(15));
        return factory;
    }

    private static WeChatClient Client(WeChatGptFactory factory, string remoteIp, string? forwardedFor = null)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add(WeChatGptFactory.RemoteIpHeader, remoteIp);
        if (forwardedFor is not null)
        {
            http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return new WeChatClient(http);
    }
}
