using Shouldly;
using WeChatGpt.Application.Admin;
using WeChatGpt.Domain.Admin;

namespace WeChatGpt.UnitTests.Admin;

public sealed class KeywordRepliesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExactRulesComeFirst_ThenTheLongestContainedKeyword()
    {
        var replies = new KeywordReplies(new Store(
            new KeywordReply("价格", KeywordMatch.Contains, "短"),
            new KeywordReply("会员价格", KeywordMatch.Contains, "长"),
            new KeywordReply("会员价格表", KeywordMatch.Exact, "精确")));

        (await replies.ForTextAsync("会员价格表", Ct)).ShouldBe("精确");
        (await replies.ForTextAsync("请问会员价格多少", Ct)).ShouldBe("长");
        (await replies.ForTextAsync("价格？", Ct)).ShouldBe("短");
        (await replies.ForTextAsync("你好", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Matching_IgnoresCaseAndSurroundingSpace_AndDisabledRulesNeverMatch()
    {
        var replies = new KeywordReplies(new Store(
            new KeywordReply("Hello", KeywordMatch.Exact, "hi"),
            new KeywordReply("关闭", KeywordMatch.Exact, "不应出现", enabled: false)));

        (await replies.ForTextAsync("  hELLo ", Ct)).ShouldBe("hi");
        (await replies.ForTextAsync("Hello!", Ct)).ShouldBe("hi");
        (await replies.ForTextAsync("Hello there", Ct)).ShouldBeNull();
        (await replies.ForTextAsync("关闭", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task MenuClicks_MatchExactRules_CaseSensitively_AndNeverContainsRules()
    {
        var replies = new KeywordReplies(new Store(
            new KeywordReply("V1001_PRICES", KeywordMatch.Exact, "价格表"),
            new KeywordReply("V1002", KeywordMatch.Contains, "不应出现")));

        (await replies.ForMenuKeyAsync("V1001_PRICES", Ct)).ShouldBe("价格表");
        (await replies.ForMenuKeyAsync("v1001_prices", Ct)).ShouldBeNull();
        (await replies.ForMenuKeyAsync("V1002", Ct)).ShouldBeNull();
    }

    private sealed class Store(params KeywordReply[] rules) : IKeywordStore
    {
        public Task<IReadOnlyList<KeywordReply>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<KeywordReply>>(rules);

        public Task<KeywordReply?> FindAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<KeywordReply> AddAsync(KeywordReply rule, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> UpdateAsync(long id, Action<KeywordReply> change, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
