using System.Globalization;
using MediatR;
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
        pages.MapPost("/keys/{last4}/enable", EnableKeyAsync).AsForm();
        pages.MapGet("/usage", UsageAsync);
        pages.MapGet("/trends", TrendsAsync);
        pages.MapPost("/followers/{openId}/reset", ResetAsync).AsForm();
    }

    public static async Task<IResult> TodayAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options)
    {
        var figures = await mediator.Send(new GetTodayFiguresQuery(), context.RequestAborted);
        var html = Html(context, options);
        var t = html.T;
        var m = figures.Messages;
        html.Add($"<p class=\"muted\">{figures.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({figures.TimeZone})</p><div class=\"cards\">");
        Card(html, t["Messages received"], AdminHtml.Count(m.Received));
        Card(html, t["Answered within the window"], AdminHtml.Count(m.Answered));
        Card(html, t["Partial answers"], AdminHtml.Count(m.Partial));
        Card(html, t["继续 requests"], AdminHtml.Count(m.Continued));
        Card(html, t["Model errors"], AdminHtml.Count(m.ModelErrors), m.ModelErrors > 0 ? "bad" : null, "/admin/failures");
        Card(html, t["Average model latency"], AdminHtml.Duration(figures.AverageModelLatency));
        Card(html, t["p95 model latency"], AdminHtml.Duration(figures.P95ModelLatency));
        var failures = await mediator.Send(new ListFailuresQuery(figures.Day, Kind: null, Limit: 1), context.RequestAborted);
        var failed = failures.Counts.Values.Sum();
        Card(html, t["Failures on record"], AdminHtml.Count(failed), failed > 0 ? "bad" : null, "/admin/failures");
        var usage = (await mediator.Send(new GetUsageQuery(1), context.RequestAborted))[0];
        Card(html, t[usage.Estimated ? "Tokens (partly estimated)" : "Tokens"], AdminHtml.Count(usage.PromptTokens + usage.CompletionTokens), null, "/admin/usage");
        html.Add($"</div><h2>{t["Other replies"]}</h2><div class=\"cards\">");
        Card(html, t["Events (subscribe, menu…)"], AdminHtml.Count(m.Events));
        Card(html, t["Commands and keyword replies"], AdminHtml.Count(m.Canned));
        Card(html, t["Pushed by customer service"], AdminHtml.Count(m.Deferred));
        Card(html, t["Throttled"], AdminHtml.Count(m.Throttled));
        Card(html, t["Interrupted by a restart"], AdminHtml.Count(m.Interrupted));
        Card(html, t["Questions refused by the word filter"], AdminHtml.Count(m.Moderated));
        Card(html, t["Answers written (turns)"], AdminHtml.Count(figures.Turns));
        Card(html, t["Photos looked at"], AdminHtml.Count(figures.PicturesIn));
        Card(html, t["Images drawn"], AdminHtml.Count(figures.PicturesOut));
        html.Add($"</div><p class=\"muted\">{t["Model latency runs from the question's arrival to the model's last word."]}</p>");
        return html.Page("Today", "/admin");
    }

    public static async Task<IResult> FollowersAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, string? q = null, int page = 1)
    {
        page = Math.Max(1, page);
        var result = await mediator.Send(new ListFollowersQuery(q, (page - 1) * FollowersPerPage, FollowersPerPage), context.RequestAborted);
        var html = Html(context, options);
        var t = html.T;
        var count = result.TestFollowers > 0
            ? t.Format("{0} follower(s) and {1} API test follower(s)", result.Total - result.TestFollowers, result.TestFollowers)
            : t.Format("{0} follower(s)", result.Total);
        html.Add($"<form method=\"get\" action=\"/admin/followers\"><input type=\"search\" name=\"q\" value=\"{q}\" placeholder=\"{t["OpenID starts with…"]}\"> <button type=\"submit\">{t["Search"]}</button></form>")
            .Add($"<p class=\"muted\">{count}</p>")
            .Add($"<div class=\"scroll\"><table id=\"followers\"><thead><tr><th>{t["OpenID"]}</th><th>{t["Last activity"]}</th><th>{t["Turns"]}</th><th>{t["Voice replies"]}</th><th>{t["Following"]}</th></tr></thead><tbody>");
        foreach (var f in result.Followers)
        {
            var badge = f.IsTestFollower ? Markup.Html($" <span class=\"badge\">{t["API test"]}</span>") : Markup.Empty;
            var following = f.IsSubscribed ? Markup.Html($"{t["yes"]}") : Markup.Html($"<span class=\"muted\">{t["no"]}</span>");
            html.Add($"<tr><td><a href=\"/admin/followers/{AdminHtml.Url(f.OpenId)}\"><code>{f.OpenId}</code></a>{badge}</td><td>{html.Time(f.LastActiveAt)}</td><td class=\"num\">{f.TurnCount}</td><td>{t[f.VoiceReplies ? "on" : "off"]}</td><td>{following}</td></tr>");
        }

        html.Add($"</tbody></table></div>");
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
        [FromServices] IAdminReadStore store,
        int page = 1,
        int? reset = null,
        string? q = null)
    {
        page = Math.Max(1, page);
        var search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var profile = await mediator.Send(new GetFollowerQuery(openId), context.RequestAborted);
        var history = await mediator.Send(new GetHistoryQuery(openId, (page - 1) * TurnsPerPage, TurnsPerPage) { Search = search }, context.RequestAborted);
        var html = Html(context, options);
        var t = html.T;
        html.Messages(reset is { } deleted ? t.Format("Conversation reset: {0} turn(s) forgotten.", deleted) : null, errors: null);
        var badge = profile.IsTestFollower ? Markup.Html($" <span class=\"badge\">{t["API test follower"]}</span>") : Markup.Empty;
        var facts = t.Format("First seen {0} · last activity {1} · voice replies {2} · {3}", html.Time(profile.FirstSeenAt), html.Time(profile.LastActiveAt), t[profile.VoiceReplies ? "on" : "off"], t[profile.IsSubscribed ? "following" : "not following"]);
        html.Add($"<p><code>{profile.OpenId}</code>{badge}<br><span class=\"muted\">{facts}</span></p>")
            .Form($"/admin/followers/{AdminHtml.Url(openId)}/reset", t["Reset conversation"], t["Forget this follower's whole conversation?"], "danger")
            .Add($"<form method=\"get\" action=\"/admin/followers/{AdminHtml.Url(openId)}\"><input type=\"search\" name=\"q\" value=\"{search}\" placeholder=\"{t["Words in the questions…"]}\"> <button type=\"submit\">{t["Search"]}</button></form>");
        var counted = search is null ? t.Format("({0} turns, newest first)", history.Total) : t.Format("({0} turns with “{1}”, newest first)", history.Total, search);
        var marked = await store.TurnMarksAsync(history.Turns.Select(h => h.MessageKey).ToList(), context.RequestAborted);
        html.Add($"<h2>{t["Conversation"]} <span class=\"muted\">{counted}</span></h2><div id=\"turns\">");
        foreach (var turn in history.Turns)
        {
            // A picture from our own storage (behind this same sign-in), never hot-linked from WeChat.
            var picture = turn.PictureId is { } pictureId
                ? Markup.Html($"<a href=\"/admin/pictures/{pictureId}\"><img class=\"thumb\" src=\"/admin/pictures/{pictureId}\" alt=\"{t[turn.Drawn ? "Drawn image" : "Photo sent"]}\" loading=\"lazy\"></a>")
                : Markup.Empty;
            var marks = new List<string> { t.Format("answered in {0}", AdminHtml.Duration(turn.AnsweredAt - turn.AskedAt)), t[turn.ViaApi ? "via the API" : "via WeChat"] };
            if (marked.GetValueOrDefault(turn.MessageKey) is { } how)
            {
                if (how.Template is { } template)
                {
                    marks.Add(t.Format("template “{0}”", template));
                }

                if (how.Spoken)
                {
                    marks.Add(t["sent as voice"]);
                }

                marks.Add(how.Outcome switch
                {
                    Domain.Messaging.ReplyOutcome.Partial => t["a part at the last delivery, the rest on 继续"],
                    Domain.Messaging.ReplyOutcome.Deferred => t["pushed by customer service"],
                    Domain.Messaging.ReplyOutcome.Interrupted => t["interrupted"],
                    _ => string.Empty,
                });
                marks.RemoveAll(m => m.Length == 0);
            }

            if (turn.Model is { } model)
            {
                marks.Add($"{model} · {t.Format("{0} tokens", AdminHtml.Count(turn.Tokens))}{(turn.TokensEstimated ? " " + t["(estimated)"] : string.Empty)}");
            }

            html.Add($"<div class=\"turn\"><div class=\"muted\">{html.Time(turn.AskedAt)} · {string.Join(" · ", marks)}</div><div class=\"q\">{(turn.Drawn ? Markup.Empty : picture)}{turn.Question}</div>");
            if (turn.Drawn)
            {
                html.Add($"<div class=\"a\">{picture}</div></div>");
                continue;
            }

            // What the follower received: the answer made plain (and filtered), in the messages it went out in.
            var parts = SentParts(follower.Of(turn.Answer), composer);
            for (var i = 0; i < parts.Count; i++)
            {
                var label = parts.Count == 1 ? Markup.Empty : Markup.Html($"<span class=\"muted\">{(i == 0 ? t["reply"] : t.Format("继续 {0}", i))}</span>\n");
                html.Add($"<div class=\"a part\">{label}{parts[i]}</div>");
            }

            html.Add($"<details><summary class=\"muted\">{t["The model's Markdown"]}</summary><pre class=\"error\">{turn.Answer}</pre></details></div>");
        }

        if (history.Total == 0)
        {
            html.Add($"<p class=\"muted\">{t["No turns."]}</p>");
        }

        html.Add($"</div>");
        Pager(html, page, history.Total, TurnsPerPage, p => $"/admin/followers/{AdminHtml.Url(openId)}?page={p}{(search is null ? string.Empty : "&q=" + AdminHtml.Url(search))}");
        var others = await store.OtherRepliesAsync(openId, 20, context.RequestAborted);
        if (others.Count > 0)
        {
            html.Add($"<h2>{t["Other replies"]} <span class=\"muted\">{t["(keyword replies, commands and 继续, the last three days)"]}</span></h2><div id=\"other-replies\">");
            foreach (var other in others)
            {
                html.Add($"<div class=\"turn\"><div class=\"muted\">{html.Time(other.At)} · {t[other.Outcome == Domain.Messaging.ReplyOutcome.Continued ? "继续" : "keyword reply or command"]}</div><div class=\"a\">{other.Text}</div></div>");
            }

            html.Add($"</div>");
        }

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

    /// <summary>Failed and interrupted answers of a day, filterable by kind (never shown to followers).</summary>
    public static async Task<IResult> FailuresAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, string? day = null, string? kind = null)
    {
        DateOnly? chosen = DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        var result = await mediator.Send(new ListFailuresQuery(chosen, kind), context.RequestAborted);
        var html = Html(context, options);
        var t = html.T;
        string Link(DateOnly d, string? k) => $"/admin/failures?day={d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(k is null ? string.Empty : "&kind=" + AdminHtml.Url(k))}";
        html.Add($"<p class=\"muted\"><a href=\"{Link(result.Day.AddDays(-1), kind)}\">{t["← previous day"]}</a> · {result.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({result.TimeZone}) · <a href=\"{Link(result.Day.AddDays(1), kind)}\">{t["next day →"]}</a></p>");
        html.Add($"<p class=\"filters\"><a href=\"{Link(result.Day, null)}\"{Active(!FailureKinds.All.Contains(kind))}>{t.Format("All ({0})", result.Counts.Values.Sum())}</a>");
        foreach (var k in FailureKinds.All)
        {
            html.Add($" <a href=\"{Link(result.Day, k)}\"{Active(k == kind)}>{k} ({result.Counts.GetValueOrDefault(k)})</a>");
        }

        html.Add($"</p><div class=\"scroll\"><table id=\"failures\"><thead><tr><th>{t["Time"]}</th><th>{t["Follower"]}</th><th>{t["Kind"]}</th><th>{t["Status"]}</th><th>{t["What happened"]}</th><th>{t["Question"]}</th></tr></thead><tbody>");
        foreach (var f in result.Failures)
        {
            html.Add($"<tr><td>{html.Time(f.Time)}</td><td><a href=\"/admin/followers/{AdminHtml.Url(f.FullOpenId)}\"><code>{f.OpenId}</code></a></td><td><span class=\"bad\">{f.Kind}</span></td><td class=\"num\">{f.Status?.ToString(CultureInfo.InvariantCulture) ?? "—"}</td><td>{f.Detail}</td><td>{f.Question ?? "—"}</td></tr>");
        }

        html.Add($"</tbody></table></div>");
        if (result.Failures.Count == 0)
        {
            html.Add($"<p class=\"muted\">{t["No failures on record for this day."]}</p>");
        }

        html.Add($"<p class=\"muted\">{t["Kept for the owner only: followers got a short apology, and nothing of a failed answer goes into their history."]}</p>");
        return html.Page("Failures", "/admin/failures");
    }

    /// <summary>The model keys (masked): state, today's requests and errors, and re-enabling a key that was fixed.</summary>
    public static async Task<IResult> KeysAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, string? enabled = null)
    {
        var keys = await mediator.Send(new ListModelKeysQuery(), context.RequestAborted);
        var html = Html(context, options);
        var t = html.T;
        html.Messages(enabled is null ? null : t.Format("Key …{0} is back in rotation.", enabled), errors: null);
        html.Add($"<div class=\"scroll\"><table id=\"keys\"><thead><tr><th>{t["Key"]}</th><th>{t["State"]}</th><th>{t["Since"]}</th><th>{t["Last error"]}</th><th>{t["Requests today"]}</th><th>{t["Errors today"]}</th><th></th></tr></thead><tbody>");
        foreach (var k in keys)
        {
            var state = k.State switch
            {
                "disabled" => Markup.Html($"<span class=\"bad\">{t["disabled"]}</span> <span class=\"muted\">{t.Format("(tried again {0})", html.Time(k.Until))}</span>"),
                "resting" => Markup.Html($"{t["resting"]} <span class=\"muted\">{t.Format("until {0}", html.Time(k.Until))}</span>"),
                _ => Markup.Html($"<span class=\"ok\">{t["active"]}</span>"),
            };
            html.Add($"<tr><td><code>{k.Key}</code></td><td data-state=\"{k.State}\">{state}</td><td>{html.Time(k.Since)}</td><td class=\"num\">{(k.LastStatus is { } s ? "HTTP " + s.ToString(CultureInfo.InvariantCulture) : "—")}</td><td class=\"num\">{k.RequestsToday}</td><td class=\"num\">{k.ErrorsToday}</td><td>");
            if (k.State != "active" && k.Last4.Length == 4)
            {
                html.Form($"/admin/keys/{AdminHtml.Url(k.Last4)}/enable", t["Re-enable"]);
            }

            html.Add($"</td></tr>");
        }

        html.Add($"</tbody></table></div>");
        if (keys.Count == 0)
        {
            html.Add($"<p class=\"bad\">{t["No key is configured (OpenAI:ApiKeys): questions get the apology."]}</p>");
        }

        html.Add($"<p class=\"muted\">{t["The state is this instance's. A key refused with 401/403 is disabled and tried again by itself after OpenAI:DisabledKeyRetry; re-enable it here once it is fixed."]}</p>");
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
        var t = html.T;
        static string Number(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        Periods(html, "/admin/trends", days);
        html.Add($"<div class=\"charts\">")
            .Add($"{AdminCharts.Bars(t, t["Messages"], trend.Select(d => (d.Day, (double?)d.Messages)).ToList(), Number)}")
            .Add($"{AdminCharts.Bars(t, t["Answered within the window"], trend.Select(d => (d.Day, d.AnsweredShare * 100)).ToList(), v => $"{v:0.#}%", maximum: 100, css: "ok")}")
            .Add($"{AdminCharts.Bars(t, t["Partial answers"], trend.Select(d => (d.Day, (double?)d.Partials)).ToList(), Number)}")
            .Add($"{AdminCharts.Bars(t, t["Failures on record"], trend.Select(d => (d.Day, (double?)d.Failures)).ToList(), Number, css: "bad")}")
            .Add($"{AdminCharts.Bars(t, t["Tokens"], trend.Select(d => (d.Day, (double?)d.Tokens)).ToList(), Number)}")
            .Add($"</div><div class=\"scroll\"><table id=\"trends\"><thead><tr><th>{t["Day"]}</th><th>{t["Messages"]}</th><th>{t["Answered in window"]}</th><th>{t["Partials"]}</th><th>{t["Failures"]}</th><th>{t["Tokens"]}</th></tr></thead><tbody>");
        foreach (var d in Enumerable.Reverse(trend))
        {
            html.Add($"<tr><td>{d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}</td><td class=\"num\">{d.Messages}</td><td class=\"num\">{(d.AnsweredShare is { } a ? $"{a * 100:0.#}%" : "—")}</td><td class=\"num\">{d.Partials}</td><td class=\"num\">{d.Failures}</td><td class=\"num\">{AdminHtml.Count(d.Tokens)}</td></tr>");
        }

        html.Add($"</tbody></table></div>");
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
        var t = html.T;
        string Cost(decimal? cost) => cost is { } c ? $"{c.ToString("0.####", CultureInfo.InvariantCulture)} {currency}" : "—";
        Periods(html, "/admin/usage", days);
        html.Add($"<div class=\"cards\">");
        Card(html, t["Tokens today"], AdminHtml.Count(usage[0].PromptTokens + usage[0].CompletionTokens));
        Card(html, t.Format("Tokens, {0} days", days), AdminHtml.Count(usage.Sum(u => u.PromptTokens + u.CompletionTokens)));
        Card(html, t.Format("Cost, {0} days", days), Cost(usage.All(u => u.Cost is not null || u.Models.Count == 0) && usage.Any(u => u.Cost is not null) ? usage.Sum(u => u.Cost ?? 0) : null));
        html.Add($"</div><h2>{t["Per day"]}</h2><div class=\"scroll\"><table id=\"usage\"><thead><tr><th>{t["Day"]}</th><th>{t["Prompt tokens"]}</th><th>{t["Completion tokens"]}</th><th>{t["Cost"]}</th><th>{t["Models"]}</th></tr></thead><tbody>");
        foreach (var u in usage)
        {
            var models = Markup.Join(u.Models.Select(m => Markup.Html($"{m.Model}: {AdminHtml.Count(m.PromptTokens)} + {AdminHtml.Count(m.CompletionTokens)}")), Markup.Html($"<br>"));
            var estimated = u.Estimated ? Markup.Html($" <span class=\"muted\">{t["(estimated)"]}</span>") : Markup.Empty;
            html.Add($"<tr><td>{u.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{estimated}</td><td class=\"num\">{AdminHtml.Count(u.PromptTokens)}</td><td class=\"num\">{AdminHtml.Count(u.CompletionTokens)}</td><td class=\"num\">{Cost(u.Cost)}</td><td>{models}</td></tr>");
        }

        html.Add($"</tbody></table></div><h2>{t["Who spent the most today"]}</h2><div class=\"scroll\"><table id=\"top-followers\"><thead><tr><th>{t["Follower"]}</th><th>{t["Prompt tokens"]}</th><th>{t["Completion tokens"]}</th><th>{t["Cost"]}</th></tr></thead><tbody>");
        foreach (var f in top)
        {
            html.Add($"<tr><td><a href=\"/admin/followers/{AdminHtml.Url(f.FullOpenId)}\"><code>{f.OpenId}</code></a></td><td class=\"num\">{AdminHtml.Count(f.PromptTokens)}</td><td class=\"num\">{AdminHtml.Count(f.CompletionTokens)}</td><td class=\"num\">{Cost(f.Cost)}</td></tr>");
        }

        html.Add($"</tbody></table></div><p class=\"muted\">{t["Tokens as the endpoint counted them (the stream's usage); \"estimated\" where it sent none. Cost from OpenAI:Prices (per million tokens)."]}</p>");
        return html.Page("Usage and cost", "/admin/usage");
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

    private static AdminHtml Html(HttpContext context, IOptionsMonitor<AdminOptions> options) => new(context, options.CurrentValue);

    private static Markup Active(bool active) => active ? Markup.Html($" class=\"active\"") : Markup.Empty;

    /// <summary>The 7- and 30-day switch of a page.</summary>
    private static void Periods(AdminHtml html, string path, int days) =>
        html.Add($"<p class=\"filters\"><a href=\"{path}?days=7\"{Active(days == 7)}>{html.T["7 days"]}</a> <a href=\"{path}?days=30\"{Active(days == 30)}>{html.T["30 days"]}</a></p>");

    private static void Card(AdminHtml html, string label, string value, string? css = null, string? href = null)
    {
        var card = Markup.Html($"<div class=\"value{(css is null ? string.Empty : " " + css)}\">{value}</div><div class=\"label\">{label}</div>");
        if (href is null)
        {
            html.Add($"<div class=\"card\">{card}</div>");
        }
        else
        {
            html.Add($"<a class=\"card link\" href=\"{href}\">{card}</a>");
        }
    }

    private static void Pager(AdminHtml html, int page, int total, int size, Func<int, string> link)
    {
        var pages = Math.Max(1, (total + size - 1) / size);
        html.Add($"<div class=\"pager\">");
        if (page > 1)
        {
            html.Add($"<a href=\"{link(page - 1)}\">{html.T["← Previous"]}</a>");
        }

        html.Add($"<span class=\"muted\">{html.T.Format("Page {0} of {1}", page, pages)}</span>");
        if (page < pages)
        {
            html.Add($"<a href=\"{link(page + 1)}\">{html.T["Next →"]}</a>");
        }

        html.Add($"</div>");
    }
}
