using System.Diagnostics;
using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Operations;

/// <summary>
/// The README's "Try it in two minutes" blocks, taken from the README itself and run as pasted, against the
/// built service: the README cannot drift from the product again. The one thing the test changes is where the
/// model is (a fake server: the machine has no way to the real one) and the port.
/// </summary>
[Trait("Database", "Sqlite")]
public sealed partial class ReadmeTryItTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheTryItBlocks_WorkAsPasted()
    {
        var readme = await File.ReadAllTextAsync(Repository.File("README.md"), Ct);
        var run = Block(readme, "<!-- try-it:run");
        var check = Block(readme, "<!-- try-it:check");
        run.TrimEnd().Split('\n')[^1].ShouldBe("dotnet run --project src/WebApi", "the block ends with the run command");

        // The exports, evaluated by bash exactly as pasted; `dotnet run` is played by the built service.
        var exports = string.Join('\n', run.Split('\n').Where(l => l.StartsWith("export ", StringComparison.Ordinal)));
        var names = ExportedName().Matches(exports).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var environment = (await BashAsync(exports + "\nenv -0", Ct)).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .Where(kv => names.Contains(kv[0]))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        environment.Keys.ShouldBe(names, ignoreOrder: true);
        environment.ShouldContainKey("WeChat__Token");

        await using var model = await FakeOpenAiServer.StartAsync();
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "wechatgpt-tests", $"readme-{Guid.NewGuid():N}")).FullName;
        var settings = new Dictionary<string, string>(environment)
        {
            ["OpenAI__BaseUrl"] = model.BaseUrl.ToString(),
            ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(folder, "wechatgpt.db")}",
        };
        await using var service = await ServiceProcess.StartAsync(settings, Ct);

        var output = await BashAsync(check.Replace("http://localhost:5000", service.Address.ToString().TrimEnd('/'), StringComparison.Ordinal), Ct);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldBe(["hello", """{"reply":"答：你好","parts":1}""", "200"], $"the check block printed:\n{output}");
        model.Requests.ShouldHaveSingleItem().ApiKey.ShouldBe(environment["OpenAI__ApiKeys"]);

        // The first-start banner names what the newcomer opened and where.
        var banner = string.Join('\n', service.Output);
        banner.ShouldContain("/admin (jobs:");
        banner.ShouldContain("/api/followers/{openId}/messages with an X-Api-Key header");
    }

    /// <summary>The fenced block that follows <paramref name="marker"/>.</summary>
    private static string Block(string readme, string marker)
    {
        var at = readme.IndexOf(marker, StringComparison.Ordinal);
        at.ShouldBeGreaterThan(0, $"README has no {marker} block");
        var start = readme.IndexOf("```bash\n", at, StringComparison.Ordinal) + "```bash\n".Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end] + "\n";
    }

    private static async Task<string> BashAsync(string script, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-e");
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        var stdout = bash.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = bash.StandardError.ReadToEndAsync(cancellationToken);
        await bash.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        bash.ExitCode.ShouldBe(0, await stderr);
        return await stdout;
    }

    [GeneratedRegex(@"\b([A-Za-z][A-Za-z0-9_]*)=")]
    private static partial Regex ExportedName();
}
