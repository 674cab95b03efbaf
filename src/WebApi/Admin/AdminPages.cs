using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Conversations.GetHistory;
using WeChatGpt.Application.Conversations.ResetConversation;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.WebApi.Security;
using WeChatGpt.Application.Admin.GetTodayFigures;
using WeChatGpt.Application.Admin.ListFollowers;
using WeChatGpt.Application.Admin.GetFollower;
using WeChatGpt.Application.Admin.Console;
using WeChatGpt.Domain.Operations;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// The owner's dashboard: today's figures, followers and their conversations (jobs: the Hangfire Dashboard,
/// <see cref="JobsDashboard"/>). HTML rendered on the server, behind HTTP Basic; every POST carries an antiforgery
/// token (a browser re-sends Basic credentials by itself, so a form on another site must not work).
/// </summary>
public sealed class AdminPages : IEndpointGroup
{
    private const int FollowersPerPage = 50;
    private const int TurnsPerPage = 20;

    public void Map(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/admin")
            .RequireAuthorization(AdminBasicAuthenticationHandler.SchemeName)
            .ExcludeFromDescription();

        pages.MapGet(string.Empty, TodayAsync);
        pages.MapGet("/followers", FollowersAsync);
        pages.MapGet("/followers/{openId}", ConversationAsync);
        pages.MapGet("/pictures/{id:long}", PictureAsync);
        pages.MapGet("/failures", FailuresAsync);
        pages.MapGet("/keys", KeysAsync);
        pages.MapPost("/keys/{last4}/enable", EnableKeyAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(AntiforgeryFilter);
        pages.MapGet("/usage", UsageAsync);
        pages.MapGet("/trends", TrendsAsync);
        pages.MapPost("/followers/{openId}/reset", ResetAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(AntiforgeryFilter);
    }

    /// <summary>A form POST without a valid antiforgery token is refused, whatever the endpoint reads.</summary>
    internal static async ValueTask<object?> AntiforgeryFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
            ? await next(context)
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form has expired or did not come from this dashboard. Reload the page and try again.");

    public static async Task<IResult> TodayAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options)
    {
        var figures = await mediator.Send(new GetTodayFiguresQuery(), context.RequestAborted);
        var html = Html(context, options);
        var m = figures.Messages;
        html.Raw($"<p class=\"muted\">{E(figures.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} ({E(figures.TimeZone)})</p><div class=\"cards\">");
        Card(html, "Messages received", m.Received.ToString(CultureInfo.InvariantCulture));
        Card(html, "Answered within the window", m.Answered.ToString(CultureInfo.InvariantCulture));
        Card(html, "Partial answers", m.Partial.ToString(CultureInfo.InvariantCulture));
        Card(html, "继续 requests", m.Continued.ToString(CultureInfo.InvariantCulture));
        Card(html, "Model errors", m.ModelErrors.ToString(CultureInfo.InvariantCulture), m.ModelErrors > 0 ? "bad" : null, "/admin/failures");
        Card(html, "Average model latency", AdminHtml.Duration(figures.AverageModelLatency));
        Card(html, "p95 model latency", AdminHtml.Duration(figures.P95ModelLatency));
        var failures = await mediator.Send(new ListFailuresQuery(figures.Day, Kind: null, Limit: 1), context.RequestAborted);
        var failed = failures.Counts.Values.Sum();
        Card(html, "Failures on record", failed.ToString(CultureInfo.InvariantCulture), failed > 0 ? "bad" : null, "/admin/failures");
        var usage = (await mediator.Send(new GetUsageQuery(1), context.RequestAborted))[0];
        Card(html, usage.Estimated ? "Tokens (partly estimated)" : "Tokens", (usage.PromptTokens + usage.CompletionTokens).ToString("N0", CultureInfo.InvariantCulture), null, "/admin/usage");
        html.Raw("</div><h2>Other replies</h2><div class=\"cards\">");
        Card(html, "Events (subscribe, menu…)", m.Events.ToString(CultureInfo.InvariantCulture));
        Card(html, "Commands and keyword replies", m.Canned.ToString(CultureInfo.InvariantCulture));
        Card(html, "Pushed by customer service", m.Deferred.ToString(CultureInfo.InvariantCulture));
        Card(html, "Throttled", m.Throttled.ToString(CultureInfo.InvariantCulture));
        Card(html, "Interrupted by a restart", m.Interrupted.ToString(CultureInfo.InvariantCulture));
        Card(html, "Questions refused by the word filter", m.Moderated.ToString(CultureInfo.InvariantCulture));
        Card(html, "Answers written (turns)", figures.Turns.ToString(CultureInfo.InvariantCulture));
        Card(html, "Photos looked at", figures.PicturesIn.ToString(CultureInfo.InvariantCulture));
        Card(html, "Images drawn", figures.PicturesOut.ToString(CultureInfo.InvariantCulture));
        html.Raw("</div><p class=\"muted\">Model latency runs from the question's arrival to the model's last word.</p>");
        return html.Page("Today", "/admin");
    }

    public static async Task<IResult> FollowersAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, string? q = null, int page = 1)
    {
        page = Math.Max(1, page);
        var result = await mediator.Send(new ListFollowersQuery(q, (page - 1) * FollowersPerPage, FollowersPerPage), context.RequestAborted);
        var html = Html(context, options);
        html.Raw($"<form method=\"get\" action=\"/admin/followers\"><input type=\"search\" name=\"q\" value=\"{E(q)}\" placeholder=\"OpenID starts with…\"> <button type=\"submit\">Search</button></form>")
            .Raw($"<p class=\"muted\">{result.Total - result.TestFollowers} follower(s){(result.TestFollowers > 0 ? $" and {result.TestFollowers} API test follower(s)" : string.Empty)}</p>")
            .Raw("<div class=\"scroll\"><table id=\"followers\"><thead><tr><th>OpenID</th><th>Last activity</th><th>Turns</th><th>Voice replies</th><th>Following</th></tr></thead><tbody>");
        foreach (var f in result.Followers)
        {
            html.Raw($"<tr><td><a href=\"/admin/followers/{AdminHtml.Url(f.OpenId)}\"><code>{E(f.OpenId)}</code></a>{(f.IsTestFollower ? " <span class=\"badge\">API test</span>" : string.Empty)}</td><td>{html.Time(f.LastActiveAt)}</td><td class=\"num\">{f.TurnCount}</td><td>{(f.VoiceReplies ? "on" : "off")}</td><td>{(f.IsSubscribed ? "yes" : "<span class=\"muted\">no</span>")}</td></tr>");
        }

        html.Raw("</tbody></table></div>");
        Pager(html, page, result.Total, FollowersPerPage, p => $"/admin/followers?q={AdminHtml.Url(q)}&page={p}");
        return html.Page("Followers", "/admin/followers");
    }

    public static async Task<IResult> ConversationAsync(
        string openId,
        HttpContext context,
        [FromServices] IMediator mediator,
        [FromServices] IOptionsMonitor<AdminOptions> options,
        [FromServices] Application.Messaging.FollowerText follower,
        [FromServices] Application.Conversations.Text.ReplyComposer composer,
        int page = 1,
        int? reset = null,
        string? q = null)
    {
        page = Math.Max(1, page);
        var search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var profile = await mediator.Send(new GetFollowerQuery(openId), context.RequestAborted);
        var history = await mediator.Send(new GetHistoryQuery(openId, (page - 1) * TurnsPerPage, TurnsPerPage) { Search = search }, context.RequestAborted);
        var html = Html(context, options);
        if (reset is { } deleted)
        {
            html.Raw($"<p class=\"flash\">Conversation reset: {deleted} turn(s) forgotten.</p>");
        }

        html.Raw($"<p><code>{E(profile.OpenId)}</code>{(profile.IsTestFollower ? " <span class=\"badge\">API test follower</span>" : string.Empty)}<br><span class=\"muted\">First seen {html.Time(profile.FirstSeenAt)} · last activity {html.Time(profile.LastActiveAt)} · voice replies {(profile.VoiceReplies ? "on" : "off")} · {(profile.IsSubscribed ? "following" : "not following")}</span></p>")
            .Form($"/admin/followers/{AdminHtml.Url(openId)}/reset", "Reset conversation", "Forget this follower's whole conversation?", "danger")
            .Raw($"<form method=\"get\" action=\"/admin/followers/{AdminHtml.Url(openId)}\"><input type=\"search\" name=\"q\" value=\"{E(search)}\" placeholder=\"Words in the questions…\"> <button type=\"submit\">Search</button></form>")
            .Raw($"<h2>Conversation <span class=\"muted\">({history.Total} turns{(search is null ? string.Empty : " with “" + E(search) + "”")}, newest first)</span></h2><div id=\"turns\">");
        foreach (var turn in history.Turns)
        {
            // A picture from our own storage (behind this same sign-in), never hot-linked from WeChat.
            var picture = turn.PictureId is { } pictureId
                ? $"<a href=\"/admin/pictures/{pictureId}\"><img class=\"thumb\" src=\"/admin/pictures/{pictureId}\" alt=\"{(turn.Drawn ? "Drawn image" : "Photo sent")}\" loading=\"lazy\"></a>"
                : string.Empty;
            var marks = new List<string> { turn.ViaApi ? "via the API" : "via WeChat" };
            if (turn.Model is { } model)
            {
                marks.Add($"{model} · {turn.Tokens.ToString("N0", CultureInfo.InvariantCulture)} tokens{(turn.TokensEstimated ? " (estimated)" : string.Empty)}");
            }

            html.Raw($"<div class=\"turn\"><div class=\"muted\">{html.Time(turn.AskedAt)} · answered in {AdminHtml.Duration(turn.AnsweredAt - turn.AskedAt)} · {E(string.Join(" · ", marks))}</div><div class=\"q\">{(turn.Drawn ? string.Empty : picture)}{E(turn.Question)}</div>");
            if (turn.Drawn)
            {
                html.Raw($"<div class=\"a\">{picture}</div></div>");
                continue;
            }

            // What the follower received: the answer made plain (and filtered), in the messages it went out in.
            var parts = SentParts(follower.Of(turn.Answer), composer);
            for (var i = 0; i < parts.Count; i++)
            {
                html.Raw($"<div class=\"a part\">{(parts.Count > 1 ? $"<span class=\"muted\">{(i == 0 ? "reply" : "继续 " + i.ToString(CultureInfo.InvariantCulture))}</span>\n" : string.Empty)}{E(parts[i])}</div>");
            }

            html.Raw($"<details><summary class=\"muted\">The model's Markdown</summary><pre class=\"error\">{E(turn.Answer)}</pre></details></div>");
        }

        if (history.Total == 0)
        {
            html.Raw("<p class=\"muted\">No turns.</p>");
        }

        html.Raw("</div>");
        Pager(html, page, history.Total, TurnsPerPage, p => $"/admin/followers/{AdminHtml.Url(openId)}?page={p}{(search is null ? string.Empty : "&q=" + AdminHtml.Url(search))}");
        return html.Page("Follower", "/admin/followers");
    }

    /// <summary>The messages an answer goes out in: the reply, then each part a "继续" takes (the same composer as the webhook).</summary>
    private static List<string> SentParts(string plain, Application.Conversations.Text.ReplyComposer composer)
    {
        var first = composer.First(plain, note: null);
        var parts = new List<string> { first.Message };
        var rest = first.Rest;
        while (rest.Trim().Length > 0 && parts.Count < 50)
        {
            var next = composer.Next(rest, question: null);
            parts.Add(next.Message);
            rest = next.Rest;
        }

        return parts;
    }

    /// <summary>A stored picture, as the image type it was checked to be (never anything a browser would run).</summary>
    public static async Task<IResult> PictureAsync(long id, HttpContext context, [FromServices] Application.Pictures.IPictureStore pictures)
    {
        var picture = await pictures.FindAsync(id, context.RequestAborted);
        if (picture is null || Application.Pictures.PictureFormat.Sniff(picture.Content) is not { } type)
        {
            return Results.NotFound();
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "private, no-store";
        return Results.Bytes(picture.Content, type);
    }

    public static async Task<IResult> ResetAsync(string openId, HttpContext context, [FromServices] IMediator mediator)
    {
        var deleted = await mediator.Send(new ResetConversationCommand(openId), context.RequestAborted);
        return Results.Redirect($"/admin/followers/{AdminHtml.Url(openId)}?reset={deleted}", permanent: false, preserveMethod: false);
    }

    private static AdminHtml Html(HttpContext context, IOptionsMonitor<AdminOptions> options) =>
        new(context, options.CurrentValue.FindZone());

    private static string E(string? text) => AdminHtml.E(text);

    private static void Card(AdminHtml html, string label, string value, string? css = null, string? href = null)
    {
        var card = $"<div class=\"value{(css is null ? string.Empty : " " + css)}\">{E(value)}</div><div class=\"label\">{E(label)}</div>";
        html.Raw(href is null ? $"<div class=\"card\">{card}</div>" : $"<a class=\"card link\" href=\"{E(href)}\">{card}</a>");
    }

    /// <summary>Failed and interrupted answers of a day, filterable by kind (never shown to followers).</summary>
    public static async Task<IResult> FailuresAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, string? day = null, string? kind = null)
    {
        DateOnly? chosen = DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        var result = await mediator.Send(new ListFailuresQuery(chosen, kind), context.RequestAborted);
        var html = Html(context, options);
        var shown = result.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Link(DateOnly d, string? k) => $"/admin/failures?day={d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(k is null ? string.Empty : "&kind=" + AdminHtml.Url(k))}";
        html.Raw($"<p class=\"muted\"><a href=\"{E(Link(result.Day.AddDays(-1), kind))}\">← previous day</a> · {E(shown)} ({E(result.TimeZone)}) · <a href=\"{E(Link(result.Day.AddDays(1), kind))}\">next day →</a></p>");
        html.Raw("<p class=\"filters\">");
        html.Raw($"<a href=\"{E(Link(result.Day, null))}\"{(FailureKinds.All.Contains(kind) ? string.Empty : " class=\"active\"")}>All ({result.Counts.Values.Sum()})</a>");
        foreach (var k in FailureKinds.All)
        {
            var count = result.Counts.GetValueOrDefault(k);
            html.Raw($" <a href=\"{E(Link(result.Day, k))}\"{(k == kind ? " class=\"active\"" : string.Empty)}>{E(k)} ({count})</a>");
        }

        html.Raw("</p><div class=\"scroll\"><table id=\"failures\"><thead><tr><th>Time</th><th>Follower</th><th>Kind</th><th>Status</th><th>What happened</th><th>Question</th></tr></thead><tbody>");
        foreach (var f in result.Failures)
        {
            html.Raw($"<tr><td>{html.Time(f.Time)}</td><td><a href=\"/admin/followers/{AdminHtml.Url(f.FullOpenId)}\"><code>{E(f.OpenId)}</code></a></td><td><span class=\"bad\">{E(f.Kind)}</span></td><td class=\"num\">{E(f.Status?.ToString(CultureInfo.InvariantCulture) ?? "—")}</td><td>{E(f.Detail)}</td><td>{E(f.Question ?? "—")}</td></tr>");
        }

        html.Raw("</tbody></table></div>");
        if (result.Failures.Count == 0)
        {
            html.Raw("<p class=\"muted\">No failures on record for this day.</p>");
        }

        html.Raw("<p class=\"muted\">Kept for the owner only: followers got a short apology, and nothing of a failed answer goes into their history.</p>");
        return html.Page("Failures", "/admin/failures");
    }

    /// <summary>The model keys (masked): state, today's requests and errors, and re-enabling a key that was fixed.</summary>
    public static async Task<IResult> KeysAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, string? enabled = null)
    {
        var keys = await mediator.Send(new ListModelKeysQuery(), context.RequestAborted);
        var html = Html(context, options);
        if (enabled is not null)
        {
            html.Raw($"<p class=\"flash\">Key …{E(enabled)} is back in rotation.</p>");
        }

        html.Raw("<div class=\"scroll\"><table id=\"keys\"><thead><tr><th>Key</th><th>State</th><th>Since</th><th>Last error</th><th>Requests today</th><th>Errors today</th><th></th></tr></thead><tbody>");
        foreach (var k in keys)
        {
            var state = k.State switch
            {
                "disabled" => $"<span class=\"bad\">disabled</span> <span class=\"muted\">(tried again {html.Time(k.Until)})</span>",
                "resting" => $"resting <span class=\"muted\">until {html.Time(k.Until)}</span>",
                _ => "<span class=\"ok\">active</span>",
            };
            html.Raw($"<tr><td><code>{E(k.Key)}</code></td><td>{state}</td><td>{html.Time(k.Since)}</td><td class=\"num\">{E(k.LastStatus is { } s ? "HTTP " + s.ToString(CultureInfo.InvariantCulture) : "—")}</td><td class=\"num\">{k.RequestsToday}</td><td class=\"num\">{k.ErrorsToday}</td><td>");
            if (k.State != "active" && k.Last4.Length == 4)
            {
                html.Form($"/admin/keys/{AdminHtml.Url(k.Last4)}/enable", "Re-enable", confirm: null);
            }

            html.Raw("</td></tr>");
        }

        html.Raw("</tbody></table></div>");
        if (keys.Count == 0)
        {
            html.Raw("<p class=\"bad\">No key is configured (OpenAI:ApiKeys): questions get the apology.</p>");
        }

        html.Raw("<p class=\"muted\">The state is this instance's. A key refused with 401/403 is disabled and tried again by itself after OpenAI:DisabledKeyRetry; re-enable it here once it is fixed.</p>");
        return html.Page("Model keys", "/admin/keys");
    }

    public static async Task<IResult> EnableKeyAsync(string last4, HttpContext context, [FromServices] IMediator mediator)
    {
        await mediator.Send(new EnableModelKeyCommand(last4), context.RequestAborted);
        return Results.Redirect($"/admin/keys?enabled={AdminHtml.Url(last4)}", permanent: false, preserveMethod: false);
    }

    /// <summary>Messages, the answered-in-window share, partials, failures and tokens per day, as small charts.</summary>
    public static async Task<IResult> TrendsAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, int days = 7)
    {
        days = days == 30 ? 30 : 7;
        var trend = await mediator.Send(new GetTrendsQuery(days), context.RequestAborted);
        var html = Html(context, options);
        static string Count(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        html.Raw($"<p class=\"filters\"><a href=\"/admin/trends?days=7\"{(days == 7 ? " class=\"active\"" : string.Empty)}>7 days</a> <a href=\"/admin/trends?days=30\"{(days == 30 ? " class=\"active\"" : string.Empty)}>30 days</a></p><div class=\"charts\">");
        html.Raw(AdminCharts.Bars("Messages", trend.Select(t => (t.Day, (double?)t.Messages)).ToList(), Count));
        html.Raw(AdminCharts.Bars("Answered within the window", trend.Select(t => (t.Day, t.AnsweredShare * 100)).ToList(), v => $"{v:0.#}%", maximum: 100, css: "ok"));
        html.Raw(AdminCharts.Bars("Partial answers", trend.Select(t => (t.Day, (double?)t.Partials)).ToList(), Count));
        html.Raw(AdminCharts.Bars("Failures on record", trend.Select(t => (t.Day, (double?)t.Failures)).ToList(), Count, css: "bad"));
        html.Raw(AdminCharts.Bars("Tokens", trend.Select(t => (t.Day, (double?)t.Tokens)).ToList(), Count));
        html.Raw("</div><div class=\"scroll\"><table id=\"trends\"><thead><tr><th>Day</th><th>Messages</th><th>Answered in window</th><th>Partials</th><th>Failures</th><th>Tokens</th></tr></thead><tbody>");
        foreach (var t in Enumerable.Reverse(trend))
        {
            html.Raw($"<tr><td>{E(t.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</td><td class=\"num\">{t.Messages}</td><td class=\"num\">{E(t.AnsweredShare is { } a ? $"{a * 100:0.#}%" : "—")}</td><td class=\"num\">{t.Partials}</td><td class=\"num\">{t.Failures}</td><td class=\"num\">{t.Tokens.ToString("N0", CultureInfo.InvariantCulture)}</td></tr>");
        }

        html.Raw("</tbody></table></div>");
        return html.Page("Trends", "/admin/trends");
    }

    /// <summary>Tokens and cost per day and model, and who spent the most today.</summary>
    public static async Task<IResult> UsageAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, [FromServices] IOptionsMonitor<PriceOptions> prices, int days = 7)
    {
        days = days == 30 ? 30 : 7;
        var usage = await mediator.Send(new GetUsageQuery(days), context.RequestAborted);
        var top = await mediator.Send(new GetFollowerUsageQuery(Day: null), context.RequestAborted);
        var currency = prices.CurrentValue.Currency;
        var html = Html(context, options);
        string Cost(decimal? cost) => cost is { } c ? $"{c.ToString("0.####", CultureInfo.InvariantCulture)} {currency}" : "—";
        html.Raw($"<p class=\"filters\"><a href=\"/admin/usage?days=7\"{(days == 7 ? " class=\"active\"" : string.Empty)}>7 days</a> <a href=\"/admin/usage?days=30\"{(days == 30 ? " class=\"active\"" : string.Empty)}>30 days</a></p><div class=\"cards\">");
        Card(html, "Tokens today", (usage[0].PromptTokens + usage[0].CompletionTokens).ToString("N0", CultureInfo.InvariantCulture));
        Card(html, $"Tokens, {days} days", usage.Sum(u => u.PromptTokens + u.CompletionTokens).ToString("N0", CultureInfo.InvariantCulture));
        Card(html, $"Cost, {days} days", Cost(usage.All(u => u.Cost is not null || u.Models.Count == 0) && usage.Any(u => u.Cost is not null) ? usage.Sum(u => u.Cost ?? 0) : null));
        html.Raw("</div><h2>Per day</h2><div class=\"scroll\"><table id=\"usage\"><thead><tr><th>Day</th><th>Prompt tokens</th><th>Completion tokens</th><th>Cost</th><th>Models</th></tr></thead><tbody>");
        foreach (var u in usage)
        {
            var models = string.Join("<br>", u.Models.Select(m => $"{E(m.Model)}: {m.PromptTokens.ToString("N0", CultureInfo.InvariantCulture)} + {m.CompletionTokens.ToString("N0", CultureInfo.InvariantCulture)}"));
            html.Raw($"<tr><td>{E(u.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}{(u.Estimated ? " <span class=\"muted\">(estimated)</span>" : string.Empty)}</td><td class=\"num\">{u.PromptTokens.ToString("N0", CultureInfo.InvariantCulture)}</td><td class=\"num\">{u.CompletionTokens.ToString("N0", CultureInfo.InvariantCulture)}</td><td class=\"num\">{E(Cost(u.Cost))}</td><td>{models}</td></tr>");
        }

        html.Raw("</tbody></table></div><h2>Who spent the most today</h2><div class=\"scroll\"><table id=\"top-followers\"><thead><tr><th>Follower</th><th>Prompt tokens</th><th>Completion tokens</th><th>Cost</th></tr></thead><tbody>");
        foreach (var f in top)
        {
            html.Raw($"<tr><td><a href=\"/admin/followers/{AdminHtml.Url(f.FullOpenId)}\"><code>{E(f.OpenId)}</code></a></td><td class=\"num\">{f.PromptTokens.ToString("N0", CultureInfo.InvariantCulture)}</td><td class=\"num\">{f.CompletionTokens.ToString("N0", CultureInfo.InvariantCulture)}</td><td class=\"num\">{E(Cost(f.Cost))}</td></tr>");
        }

        html.Raw("</tbody></table></div><p class=\"muted\">Tokens as the endpoint counted them (the stream's usage); \"estimated\" where it sent none. Cost from OpenAI:Prices (per million tokens).</p>");
        return html.Page("Usage and cost", "/admin/usage");
    }

    private static void Pager(AdminHtml html, int page, int total, int size, Func<int, string> link)
    {
        var pages = Math.Max(1, (total + size - 1) / size);
        html.Raw("<div class=\"pager\">");
        if (page > 1)
        {
            html.Raw($"<a href=\"{E(link(page - 1))}\">← Previous</a>");
        }

        html.Raw($"<span class=\"muted\">Page {page} of {pages}</span>");
        if (page < pages)
        {
            html.Raw($"<a href=\"{E(link(page + 1))}\">Next →</a>");
        }

        html.Raw("</div>");
    }
}
