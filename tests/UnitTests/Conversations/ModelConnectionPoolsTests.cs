using Shouldly;
using WeChatGpt.Infrastructure.Conversations.OpenAI;

namespace WeChatGpt.UnitTests.Conversations;

public sealed class ModelConnectionPoolsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    [InlineData(10_000)]
    public void ThePoolsInUse_ShareOpenAIMaxConnections_ExactlyAndEachHoldsOne(int maxConnections)
    {
        var count = ModelConnectionPools.Count(maxConnections);
        var shares = Enumerable.Range(0, ModelConnectionPools.Most).Select(i => ModelConnectionPools.ConnectionsOf(i, maxConnections)).ToArray();

        shares.Sum().ShouldBe(maxConnections);
        shares.Take(count).ShouldAllBe(share => share >= 1);
        shares.Skip(count).ShouldAllBe(share => share == 0);
        count.ShouldBe(Math.Min(maxConnections, ModelConnectionPools.Most));
    }

    [Fact]
    public void PoolZero_IsTheNamedClientOtherModelCallsShare_AndEachPoolHasItsOwnName()
    {
        ModelConnectionPools.Name(0).ShouldBe(OpenAIChatModel.HttpClientName);
        Enumerable.Range(0, ModelConnectionPools.Most).Select(ModelConnectionPools.Name).Distinct().Count().ShouldBe(ModelConnectionPools.Most);
    }
}
