using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;
using YamlDotNet.RepresentationModel;

namespace WeChatGpt.IntegrationTests.Operations;

/// <summary>
/// <c>deploy/</c> checked with the tools an operator uses: nginx accepts both sites (with a throwaway self-signed
/// certificate), systemd accepts the unit and rates it OK, the compose file parses with what it promises, the env
/// template names only real, documented settings. Where a tool is not installed the test says so and is skipped
/// (CI installs nginx; systemd-analyze ships with systemd).
/// </summary>
public sealed partial class DeployKitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("nginx-wechatgpt.conf")]
    [InlineData("nginx-wechatgpt-http.conf")]
    public async Task NginxAcceptsTheSite(string site)
    {
        var nginx = Tool("nginx", "/usr/sbin/nginx");
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"nginx-{Guid.NewGuid():N}")).FullName;
        var certificate = Path.Combine(folder, "fullchain.pem");
        var key = Path.Combine(folder, "privkey.pem");
        (await RunAsync(Tool("openssl", "/usr/bin/openssl"), ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=bot.example.com", "-keyout", key, "-out", certificate])).ExitCode.ShouldBe(0);
        var text = (await File.ReadAllTextAsync(Repository.File($"deploy/{site}"), Ct))
            .Replace("/etc/letsencrypt/live/bot.example.com/fullchain.pem", certificate, StringComparison.Ordinal)
            .Replace("/etc/letsencrypt/live/bot.example.com/privkey.pem", key, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "site.conf"), text, Ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events {}
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/site.conf;
            }
            """, Ct);

        var result = await RunAsync(nginx, ["-t", "-p", folder, "-c", Path.Combine(folder, "nginx.conf")]);

        result.ExitCode.ShouldBe(0, result.Output);
        result.Output.ShouldContain("test is successful");
    }

    [Fact]
    public async Task SystemdAcceptsTheUnit_AndRatesItOk()
    {
        var analyze = Tool("systemd-analyze", "/usr/bin/systemd-analyze");
        var unit = Repository.File("deploy/wechatgpt.service");

        var verify = await RunAsync(analyze, ["verify", unit]);
        var security = await RunAsync(analyze, ["security", "--offline=true", unit]);

        verify.ExitCode.ShouldBe(0, verify.Output);
        verify.Output.ShouldNotContain("Unknown key");
        var exposure = ExposureLevel().Match(security.Output);
        exposure.Success.ShouldBeTrue(security.Output);
        double.Parse(exposure.Groups[1].Value, CultureInfo.InvariantCulture).ShouldBeLessThanOrEqualTo(2.0, "the unit was 6.5 MEDIUM before its hardening");
        var text = await File.ReadAllTextAsync(unit, Ct);
        text.ShouldContain("LimitNOFILE=65536");
        text.ShouldNotContain("MemoryDenyWriteExecute=yes", customMessage: ".NET's JIT needs writable executable memory");
    }

    [Fact]
    public async Task TheComposeFile_HasTheVolume_CappedLogs_AHealthCheck_AndTheOpenFileLimit()
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(await File.ReadAllTextAsync(Repository.File("deploy/compose.yaml"), Ct)))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)root["services"];
        var app = (YamlMappingNode)services["wechatgpt"];
        ((YamlMappingNode)app["build"])["dockerfile"].ToString().ShouldBe("deploy/Dockerfile");
        File.Exists(Repository.File("deploy/" + app["env_file"])).ShouldBeFalse("the filled-in env file is the operator's, never committed");
        File.Exists(Repository.File("deploy/wechatgpt.env.example")).ShouldBeTrue();
        ((YamlSequenceNode)app["volumes"]).Children.Select(v => v.ToString()).ShouldContain("wechatgpt-data:/data");
        ((YamlSequenceNode)app["ports"]).Children.ShouldAllBe(p => p.ToString().StartsWith("127.0.0.1:", StringComparison.Ordinal));
        var logging = (YamlMappingNode)app["logging"];
        ((YamlMappingNode)logging["options"])["max-size"].ToString().ShouldBe("20m");
        ((YamlSequenceNode)((YamlMappingNode)app["healthcheck"])["test"]).Children.Select(c => c.ToString()).ShouldContain("http://127.0.0.1:8080/health/ready");
        ((YamlMappingNode)((YamlMappingNode)app["ulimits"])["nofile"])["soft"].ToString().ShouldBe("65536");
        ((YamlMappingNode)app["sysctls"])["net.core.somaxconn"].ToString().ShouldBe("16384");
        ((YamlMappingNode)root["volumes"]).Children.Keys.Select(k => k.ToString()).ShouldContain("wechatgpt-data");
        var nginx = (YamlMappingNode)services["nginx"];
        ((YamlSequenceNode)nginx["profiles"]).Children.Select(p => p.ToString()).ShouldBe(["proxy"]);
        ((YamlSequenceNode)nginx["volumes"]).Children.ShouldContain(v => v.ToString().StartsWith("./nginx-wechatgpt.conf:", StringComparison.Ordinal));

        var dockerfile = await File.ReadAllTextAsync(Repository.File("deploy/Dockerfile"), Ct);
        dockerfile.ShouldContain("HEALTHCHECK");
        dockerfile.ShouldContain("USER $APP_UID");
        dockerfile.ShouldContain("-r \"$rid\"");
    }

    /// <summary>Every setting in the env template is a real one, documented in the README's configuration table; every secret is there.</summary>
    [Fact]
    public async Task TheEnvTemplate_NamesDocumentedSettings_AndEverySecret()
    {
        var template = await File.ReadAllLinesAsync(Repository.File("deploy/wechatgpt.env.example"), Ct);
        var readme = await File.ReadAllTextAsync(Repository.File("README.md"), Ct);
        var keys = template.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('=', 2)[0]).ToList();

        keys.ShouldNotBeEmpty();
        foreach (var key in keys)
        {
            var setting = key.Replace("__", ":", StringComparison.Ordinal);
            var documented = readme.Contains($"`{setting}`", StringComparison.Ordinal)
                || readme.Contains($"`{setting[..setting.LastIndexOf(':')]}:", StringComparison.Ordinal) && readme.Contains(setting[(setting.LastIndexOf(':') + 1)..], StringComparison.Ordinal);
            documented.ShouldBeTrue($"{key} is not in the README's configuration table");
        }

        string[] secrets = ["WeChat__Token", "WeChat__AppId", "WeChat__AppSecret", "WeChat__EncodingAesKey", "OpenAI__ApiKeys", "Admin__Username", "Admin__Password", "Api__Keys", "Speech__Azure__Key"];
        secrets.ShouldBeSubsetOf(keys);
    }

    private static string Tool(string name, string path)
    {
        Assert.SkipUnless(File.Exists(path), $"{name} is not installed ({path}): skipped here, checked in CI.");
        return path;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"Overall exposure level for \S+: ([0-9.]+)")]
    private static partial Regex ExposureLevel();
}
