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
        pages.MapPost("/followers/{openId}/reset", ResetAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(AntiforgeryFilter);
    }

    /// <summary>A form POST without a valid antiforgery token is refused, whatever the endpoint reads.</summary>
    private static async ValueTask<object?> AntiforgeryFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
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
        Card(html, "Model errors", m.ModelErrors.ToString(CultureInfo.InvariantCulture), m.ModelErrors > 0 ? "bad" : null);
        Card(html, "Average model latency", AdminHtml.Duration(figures.AverageModelLatency));
        Card(html, "p95 model latency", AdminHtml.Duration(figures.P95ModelLatency));
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
            .Raw($"<p class=\"muted\">{result.Total} follower(s)</p>")
            .Raw("<div class=\"scroll\"><table id=\"followers\"><thead><tr><th>OpenID</th><th>Last activity</th><th>Turns</th><th>Voice replies</th><th>Following</th></tr></thead><tbody>");
        foreach (var f in result.Followers)
        {
            html.Raw($"<tr><td><a href=\"/admin/followers/{AdminHtml.Url(f.OpenId)}\"><code>{E(f.OpenId)}</code></a></td><td>{html.Time(f.LastActiveAt)}</td><td class=\"num\">{f.TurnCount}</td><td>{(f.VoiceReplies ? "on" : "off")}</td><td>{(f.IsSubscribed ? "yes" : "<span class=\"muted\">no</span>")}</td></tr>");
        }

        html.Raw("</tbody></table></div>");
        Pager(html, page, result.Total, FollowersPerPage, p => $"/admin/followers?q={AdminHtml.Url(q)}&page={p}");
        return html.Page("Followers", "/admin/followers");
    }

    public static async Task<IResult> ConversationAsync(string openId, HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, int page = 1, int? reset = null)
    {
        page = Math.Max(1, page);
        var follower = await mediator.Send(new GetFollowerQuery(openId), context.RequestAborted);
        var history = await mediator.Send(new GetHistoryQuery(openId, (page - 1) * TurnsPerPage, TurnsPerPage), context.RequestAborted);
        var html = Html(context, options);
        if (reset is { } deleted)
        {
            html.Raw($"<p class=\"flash\">Conversation reset: {deleted} turn(s) forgotten.</p>");
        }

        html.Raw($"<p><code>{E(follower.OpenId)}</code><br><span class=\"muted\">First seen {html.Time(follower.FirstSeenAt)} · last activity {html.Time(follower.LastActiveAt)} · voice replies {(follower.VoiceReplies ? "on" : "off")} · {(follower.IsSubscribed ? "following" : "not following")}</span></p>")
            .Form($"/admin/followers/{AdminHtml.Url(openId)}/reset", "Reset conversation", "Forget this follower's whole conversation?", "danger")
            .Raw($"<h2>Conversation <span class=\"muted\">({history.Total} turns, newest first)</span></h2><div id=\"turns\">");
        foreach (var turn in history.Turns)
        {
            // A picture from our own storage (behind this same sign-in), never hot-linked from WeChat.
            var picture = turn.PictureId is { } pictureId
                ? $"<a href=\"/admin/pictures/{pictureId}\"><img class=\"thumb\" src=\"/admin/pictures/{pictureId}\" alt=\"{(turn.Drawn ? "Drawn image" : "Photo sent")}\" loading=\"lazy\"></a>"
                : string.Empty;
            html.Raw($"<div class=\"turn\"><div class=\"muted\">{html.Time(turn.AskedAt)} · answered in {AdminHtml.Duration(turn.AnsweredAt - turn.AskedAt)}</div><div class=\"q\">{(turn.Drawn ? string.Empty : picture)}{E(turn.Question)}</div><div class=\"a\">{(turn.Drawn ? picture : E(turn.Answer))}</div></div>");
        }

        if (history.Total == 0)
        {
            html.Raw("<p class=\"muted\">No turns.</p>");
        }

        html.Raw("</div>");
        Pager(html, page, history.Total, TurnsPerPage, p => $"/admin/followers/{AdminHtml.Url(openId)}?page={p}");
        return html.Page("Follower", "/admin/followers");
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

    private static void Card(AdminHtml html, string label, string value, string? css = null) =>
        html.Raw($"<div class=\"card\"><div class=\"value{(css is null ? string.Empty : " " + css)}\">{E(value)}</div><div class=\"label\">{E(label)}</div></div>");

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
