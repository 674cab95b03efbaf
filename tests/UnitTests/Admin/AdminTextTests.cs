using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.WebApi.Admin;

namespace WeChatGpt.UnitTests.Admin;

/// <summary>The admin pages' texts: Chinese by default, English on request, and no text used in the pages left untranslated.</summary>
public sealed partial class AdminTextTests
{
    [Fact]
    public void ChineseIsTheDefault_EnglishIsAvailable_AndValuesArePutInTheInvariantWay()
    {
        new AdminText("zh-CN")["Messages received"].ShouldBe("收到的消息");
        new AdminText("zh-CN").Language.ShouldBe("zh-CN");
        new AdminText("en")["Messages received"].ShouldBe("Messages received");
        new AdminText("en").Format("Page {0} of {1}", 1, 2).ShouldBe("Page 1 of 2");
        new AdminText("zh-CN").Format("{0} follower(s)", 1234).ShouldBe("1234 位粉丝");
    }

    [Fact]
    public void EveryTextThePagesUse_HasAChineseText()
    {
        var admin = Path.Combine(RepositoryRoot(), "src", "WebApi", "Admin");
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(admin, "*.cs").Where(f => !f.EndsWith("AdminText.cs", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (Match lookup in Lookup().Matches(source))
            {
                foreach (Match literal in Literal().Matches(lookup.Groups[1].Value))
                {
                    used.Add(Regex.Unescape(literal.Groups[1].Value));
                }
            }

            foreach (Match formatted in Formatted().Matches(source))
            {
                used.Add(Regex.Unescape(formatted.Groups[1].Value));
            }
        }

        used.Count.ShouldBeGreaterThan(100, "the scan found the pages' texts");
        used.Where(text => !AdminText.Keys.Contains(text)).ShouldBeEmpty("texts the pages show without a Chinese version");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WeChatGpt.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (WeChatGpt.sln) was not found.");
    }

    /// <summary><c>t["…"]</c>, <c>T["…"]</c>, <c>t[cond ? "…" : "…"]</c>.</summary>
    [GeneratedRegex(@"\b[tT]\[([^\]]*""[^\]]*)\]")]
    private static partial Regex Lookup();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Literal();

    /// <summary><c>.Format("…"</c>, <c>.Page("…"</c> (a page's title), and the navigation's labels.</summary>
    [GeneratedRegex(@"(?:\.Format\(|\.Page\(|\(""/(?:admin|swagger)[^""]*"", )""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Formatted();
}
