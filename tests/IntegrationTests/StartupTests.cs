using System.Diagnostics;
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
    [InlineData("Jobs:LedgerPruning", "0 30 3 * * ?", "Jobs:LedgerPruning")]
    [InlineData("Jobs:VoiceFilesCleanup", "every five minutes", "Jobs:VoiceFilesCleanup")]
    [InlineData("Jobs:TimeZone", "Mars/Olympus", "Jobs:TimeZone")]
    [InlineData("Jobs:RetryDelay", "00:00:00", "Jobs:RetryDelay")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "nginx.local", "ForwardedHeaders:KnownProxies[0]")]
    [InlineData("ForwardedHeaders:KnownProxies", "127.0.0.1,10.0.0.0/99", "ForwardedHeaders:KnownProxies[1]")]
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

    [Fact]
    public async Task TheRealProgram_WithNothingConfigured_ExitsWithOneLinePerMissingKey_AndNoStackTrace()
    {
        // What a new user sees on a first `dotnet run` without settings: the built service, run as a process.
        var ct = TestContext.Current.CancellationToken;
        var workDirectory = Directory.CreateTempSubdirectory("wechatgpt-start-");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WeChatGpt.WebApi.dll"));
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("WeChat__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("OpenAI__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            workDirectory.Delete(recursive: true);
        }

        var lines = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        process.ExitCode.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith("Configuration error: WeChat:Token:", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("Configuration error: OpenAI:ApiKeys:", StringComparison.Ordinal));
        lines.ShouldAllBe(l => l.StartsWith("Configuration error: ", StringComparison.Ordinal));
        (await output).ShouldNotContain("   at ");
    }
}
