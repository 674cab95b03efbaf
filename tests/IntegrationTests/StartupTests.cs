using Microsoft.Extensions.Options;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests;

public sealed class StartupTests
{
    [Theory]
    [InlineData("WeChat:Token", "", "WeChat:Token")]
    [InlineData("WeChat:Token", "has spaces", "WeChat:Token")]
    [InlineData("WeChat:EncodingAesKey", "tooshort", "WeChat:EncodingAesKey")]
    [InlineData("WeChat:ReplyDeadline", "00:00:06", "WeChat:ReplyDeadline")]
    [InlineData("RateLimit:PermitsPerMinute", "0", "RateLimit:PermitsPerMinute")]
    public void BadConfiguration_StopsStartUp_NamingTheKey(string key, string value, string named)
    {
        using var factory = new WeChatGptFactory().With(key, value);

        var ex = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        ex.Failures.ShouldContain(f => f.StartsWith(named + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void EncryptionKeyWithoutAppId_StopsStartUp()
    {
        using var factory = new WeChatGptFactory().With("WeChat:AppId", null);

        Should.Throw<OptionsValidationException>(() => factory.CreateClient()).Failures.ShouldContain(f => f.StartsWith("WeChat:AppId:", StringComparison.Ordinal));
    }
}
