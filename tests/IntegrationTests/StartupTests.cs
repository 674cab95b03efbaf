using Microsoft.AspNetCore.Hosting;
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
    [InlineData("RateLimit:AuthFailures", "0", "RateLimit:AuthFailures")]
    [InlineData("Admin:Username", "owner", "Admin:Password")]
    [InlineData("Admin:Password", "long-enough-password", "Admin:Username")]
    [InlineData("Admin:TimeZone", "Mars/Olympus", "Admin:TimeZone")]
    [InlineData("Otlp:Endpoint", "not a url", "Otlp:Endpoint")]
    public void BadConfiguration_StopsStartUp_NamingTheKey(string key, string value, string named)
    {
        using var factory = new WeChatGptFactory().With(key, value);

        var ex = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        ex.Failures.ShouldContain(f => f.StartsWith(named + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void AShortAdminPassword_StopsStartUp()
    {
        using var factory = new WeChatGptFactory().With("Admin:Username", "owner").With("Admin:Password", "short");

        Should.Throw<OptionsValidationException>(() => factory.CreateClient()).Failures.ShouldContain(f => f.StartsWith("Admin:Password:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InDevelopment_EveryServiceCanBeBuilt()
    {
        // Development validates the whole container on build (scopes, and every registration's dependencies).
        await using var factory = new WeChatGptFactory().WithAdmin();
        await using var development = factory.WithWebHostBuilder(b => b.UseEnvironment("Development"));

        using var response = await development.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public void EncryptionKeyWithoutAppId_StopsStartUp()
    {
        using var factory = new WeChatGptFactory().With("WeChat:AppId", null);

        Should.Throw<OptionsValidationException>(() => factory.CreateClient()).Failures.ShouldContain(f => f.StartsWith("WeChat:AppId:", StringComparison.Ordinal));
    }
}
