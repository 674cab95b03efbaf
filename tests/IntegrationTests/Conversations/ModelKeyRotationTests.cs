using Shouldly;
using WeChatGpt.Infrastructure.WeChat.Xml;
using WeChatGpt.IntegrationTests.Support;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.IntegrationTests.Conversations;

public sealed class ModelKeyRotationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RateLimitedKey_IsRestedForItsRetryAfter_AndTheNextKeyAnswers()
    {
        await using var factory = Keys("sk-limited-0001", "sk-healthy-0002");
        factory.Model.KeyScripts["sk-limited-0001"] = _ => new ModelScript { Status = 429, RetryAfter = TimeSpan.FromSeconds(120) };

        var first = await Ask(factory, "o-rot-1", "第一个问题");
        var second = await Ask(factory, "o-rot-2", "第二个问题");

        first.ShouldBe("答：第一个问题");
        second.ShouldBe("答：第二个问题");
        // The limited key was tried once, then rested: the second question went straight to the healthy key.
        factory.Model.Requests.Count(r => r.ApiKey == "sk-limited-0001").ShouldBe(1);
        factory.Model.Requests.Count(r => r.ApiKey == "sk-healthy-0002").ShouldBe(2);
    }

    [Fact]
    public async Task UnauthorisedKey_IsDisabled_AndNeverUsedAgain()
    {
        await using var factory = Keys("sk-revoked-0001", "sk-healthy-0002");
        factory.Model.KeyScripts["sk-revoked-0001"] = _ => new ModelScript { Status = 401 };

        for (var i = 0; i < 3; i++)
        {
            (await Ask(factory, $"o-auth-{i}", $"问题{i}")).ShouldBe($"答：问题{i}");
        }

        factory.Model.Requests.Count(r => r.ApiKey == "sk-revoked-0001").ShouldBe(1);
    }

    [Fact]
    public async Task EveryKeyBad_GivesTheFriendlyNotice()
    {
        await using var factory = Keys("sk-bad-0001", "sk-bad-0002");
        factory.Model.Script = _ => new ModelScript { Status = 401 };

        (await Ask(factory, "o-allbad", "有人吗")).ShouldBe(new TextsOptions().Apology);
    }

    [Fact]
    public async Task StalledStream_IsRetriedOnceOnTheNextKey_AndTheAnswerStartsOver()
    {
        await using var factory = Keys("sk-stalls-0001", "sk-healthy-0002").With("OpenAI:StallTimeout", "00:00:01");
        factory.Model.KeyScripts["sk-stalls-0001"] = _ => new ModelScript { Answer = "卡住的半句话后面没了", ChunkChars = 3, StallAfterChunks = 2 };
        factory.Model.KeyScripts["sk-healthy-0002"] = _ => new ModelScript { Answer = "完整的答案。" };

        var answer = await Ask(factory, "o-stall", "会卡住吗");

        answer.ShouldBe("完整的答案。");
        factory.Model.Requests.Select(r => r.ApiKey).ShouldBe(["sk-stalls-0001", "sk-healthy-0002"]);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedOnlyOnce()
    {
        await using var factory = Keys("sk-a-0001", "sk-b-0002", "sk-c-0003");
        factory.Model.Script = _ => new ModelScript { Status = 503 };

        (await Ask(factory, "o-5xx", "服务器坏了")).ShouldBe(new TextsOptions().Apology);
        factory.Model.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task KeysGivenAsOneCommaSeparatedValue_AreAllUsed()
    {
        await using var factory = new WeChatGptFactory().With("OpenAI:ApiKeys:0", null).With("OpenAI:ApiKeys", "sk-one-0001, sk-two-0002");

        await Ask(factory, "o-csv-1", "一");
        await Ask(factory, "o-csv-2", "二");

        factory.Model.Requests.Select(r => r.ApiKey).Order().ShouldBe(["sk-one-0001", "sk-two-0002"]);
    }

    private static WeChatGptFactory Keys(params string[] keys)
    {
        var factory = new WeChatGptFactory();
        for (var i = 0; i < keys.Length; i++)
        {
            factory.With($"OpenAI:ApiKeys:{i}", keys[i]);
        }

        return factory;
    }

    private static async Task<string> Ask(WeChatGptFactory factory, string openId, string text)
    {
        var response = await factory.WeChat().PostAsync(Messages.Text(openId, text), cancellationToken: Ct);
        return WeChatXmlReader.ReadFields(response.Body)["Content"];
    }
}
