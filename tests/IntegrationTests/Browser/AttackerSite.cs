using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Browser;

/// <summary>A page on another origin whose form posts to <paramref name="target"/> the moment it loads (cross-site request forgery).</summary>
public sealed class AttackerSite(Uri target) : FakeServer
{
    public static async Task<AttackerSite> StartAsync(Uri target)
    {
        var site = new AttackerSite(target);
        await site.ListenAsync();
        return site;
    }

    protected override void Map(WebApplication app) =>
        app.MapGet("/", () => Results.Content(
            $"""
            <!DOCTYPE html>
            <html><body>
            <form method="post" action="{WebUtility.HtmlEncode(target.ToString())}"><input type="hidden" name="jobs[]" value="ledger-pruning"></form>
            <script>document.forms[0].submit();</script>
            </body></html>
            """,
            "text/html; charset=utf-8"));
}
