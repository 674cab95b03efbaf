using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Conversations;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Conversations;

/// <summary>The model's connections under a crowd of answers, counted by a real server: shared over HTTP/2, capped over HTTP/1.1.</summary>
public sealed class ModelConnectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACrowdOfAnswersOverHttp2_SharesAFewConnections_AndEachIsAnsweredInFull()
    {
        // 320 answers at once on a server that carries 100 streams on a connection (Kestrel's default): every answer is a
        // stream on one of a few connections (each pool's, and any opened when its streams were taken).
        await using var model = await FakeOpenAiServer.StartCountingAsync(http2: true, maxStreamsPerConnection: 100, connectionSetup: TimeSpan.FromMilliseconds(200));
        await using var factory = new WeChatGptFactory().With("OpenAI:BaseUrl", model.BaseUrl.ToString()).With("OpenAI:Http2", "Always");
        model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = TimeSpan.FromSeconds(1) };

        var answers = await AskAsync(factory, 320);

        answers.Select((a, i) => a == $"答：问题{i}").ShouldAllBe(same => same);
        model.RequestCount().ShouldBe(320);
        model.Connections.ShouldBeLessThanOrEqualTo(Infrastructure.Conversations.OpenAI.ModelConnectionPools.Most + (320 / 100));
    }

    [Theory]
    [InlineData(3, 24)]
    [InlineData(40, 60)]
    public async Task OverHttp11_ThePoolsTogetherKeepOpenAIMaxConnections(int maxConnections, int answers)
    {
        await using var model = await FakeOpenAiServer.StartCountingAsync(http2: false);
        await using var factory = new WeChatGptFactory().With("OpenAI:BaseUrl", model.BaseUrl.ToString()).With("OpenAI:MaxConnections", maxConnections.ToString());
        model.Script = r => new ModelScript { Answer = "答：" + r.LastUserMessage, Latency = TimeSpan.FromMilliseconds(500) };

        var replies = await AskAsync(factory, answers);

        replies.Select((a, i) => a == $"答：问题{i}").ShouldAllBe(same => same);
        model.PeakOpenConnections.ShouldBeLessThanOrEqualTo(maxConnections);
        model.PeakOpenConnections.ShouldBeGreaterThan(maxConnections / 2);
    }

    private static async Task<string[]> AskAsync(WeChatGptFactory factory, int count)
    {
        var chat = factory.Services.GetRequiredService<IChatModel>();
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var text = new System.Text.StringBuilder();
            await foreach (var delta in chat.StreamAsync(new ChatPrompt([new ChatMessage(ChatRole.User, $"问题{i}")]), Ct))
            {
                text.Append(delta.Text);
            }

            return text.ToString();
        }));
    }
}
