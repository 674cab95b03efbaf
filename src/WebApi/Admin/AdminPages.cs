using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Conversations.GetHistory;
using WeChatGpt.Application.Conversations.ResetConversation;
using WeChatGpt.Application.Jobs;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.WebApi.Security;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// The owner's dashboard: today's figures, the jobs page (what Hangfire's dashboard gives), followers and
/// their conversations. HTML rendered on the server, behind HTTP Basic; every POST carries an antiforgery
/// token (a browser re-sends Basic credentials by itself, so a form on another site must not work).
/// </summary>
public sealed class AdminPages : IEndpointGroup
{
    private const int FollowersPerPage = 50;
    private const int TurnsPerPage = 20;

    /// <summary>How long "run now" waits for the run to be recorded before showing the page.</summary>
    private static readonly TimeSpan RunNowWait = TimeSpan.FromSeconds(5);

    public void Map(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/admin")
            .RequireAuthorization(AdminBasicAuthenticationHandler.SchemeName)
            .ExcludeFromDescription();

        pages.MapGet(string.Empty, TodayAsync);
        pages.MapGet("/jobs", JobsAsync);
        pages.MapPost("/jobs/{name}/run", RunNowAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(AntiforgeryFilter);
        pages.MapGet("/followers", FollowersAsync);
        pages.MapGet("/followers/{openId}", ConversationAsync);
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
        Card(html, "Commands and keyword replies", m.Fixed.ToString(CultureInfo.InvariantCulture));
        Card(html, "Pushed by customer service", m.Deferred.ToString(CultureInfo.InvariantCulture));
        Card(html, "Throttled", m.Throttled.ToString(CultureInfo.InvariantCulture));
        Card(html, "Interrupted by a restart", m.Interrupted.ToString(CultureInfo.InvariantCulture));
        Card(html, "Answers written (turns)", figures.Turns.ToString(CultureInfo.InvariantCulture));
        html.Raw("</div><p class=\"muted\">Model latency runs from the question's arrival to the model's last word.</p>");
        return html.Page("Today", "/admin");
    }

    public static async Task<IResult> JobsAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, string? ran = null)
    {
        var overview = await mediator.Send(new GetJobsOverviewQuery(), context.RequestAborted);
        var html = Html(context, options);
        if (!overview.Enabled)
        {
            html.Raw("<p class=\"flash\">Jobs are turned off (<code>Jobs:Enabled=false</code>): nothing is scheduled.</p>");
            return html.Page("Jobs", "/admin/jobs");
        }

        if (ran is not null)
        {
            var run = overview.RecentRuns.FirstOrDefault(r => r.Job == ran && r.Manual) ?? overview.RecentRuns.FirstOrDefault(r => r.Job == ran);
            html.Raw($"<p class=\"flash\" id=\"flash\">Started <strong>{E(ran)}</strong>.")
                .Raw(run is null ? " It has not finished yet: reload in a moment." : $" Last run: {Result(run.Result)} in {AdminHtml.Duration(run.Duration)}.")
                .Raw("</p>");
        }

        html.Raw("<h2>Recurring jobs</h2><div class=\"scroll\"><table id=\"recurring\"><thead><tr><th>Job</th><th>Schedule</th><th>Last run</th><th>Duration</th><th>Outcome</th><th>Next run</th><th>Runs / failed for good</th></tr></thead><tbody>");
        foreach (var job in overview.Recurring)
        {
            html.Raw($"<tr data-job=\"{E(job.Name)}\"><td><strong>{E(job.Name)}</strong><br><span class=\"muted\">{E(job.Command)}</span><br>")
                .Form($"/admin/jobs/{AdminHtml.Url(job.Name)}/run", "Run now")
                .Raw("</td>")
                .Raw($"<td><code>{E(job.Schedule)}</code></td>")
                .Raw($"<td>{html.Time(job.LastRun?.FiredAt)}</td><td class=\"num\">{AdminHtml.Duration(job.LastRun?.Duration)}</td>")
                .Raw($"<td>{(job.LastRun is null ? "—" : Outcome(job.LastRun))}{(job.ConsecutiveFailures > 1 ? $" <span class=\"bad\">({job.ConsecutiveFailures} in a row)</span>" : string.Empty)}</td>")
                .Raw($"<td>{html.Time(job.NextRunAt)}{(job.State is "Normal" or "Complete" ? string.Empty : $" <span class=\"muted\">({E(job.State)})</span>")}</td>")
                .Raw($"<td class=\"num\">{job.RunCount} / {job.FailureCount}</td></tr>");
        }

        html.Raw("</tbody></table></div>");

        html.Raw("<h2>Recent failures</h2>");
        if (overview.RecentFailures.Count == 0)
        {
            html.Raw("<p class=\"muted\">None recorded.</p>");
        }
        else
        {
            html.Raw("<div class=\"scroll\"><table id=\"failures\"><thead><tr><th>When</th><th>Job</th><th>Attempt</th><th>Outcome</th><th>Error</th></tr></thead><tbody>");
            foreach (var failure in overview.RecentFailures)
            {
                html.Raw($"<tr><td>{html.Time(failure.FiredAt)}</td><td>{E(failure.Job)}</td><td class=\"num\">{failure.RetryAttempt + 1}</td><td>{Outcome(failure)}</td><td class=\"error\">{E(failure.Error)}</td></tr>");
            }

            html.Raw("</tbody></table></div>");
        }

        html.Raw("<h2>Recent runs</h2><div class=\"scroll\"><table id=\"runs\"><thead><tr><th>When</th><th>Job</th><th>Duration</th><th>Outcome</th><th></th></tr></thead><tbody>");
        foreach (var run in overview.RecentRuns)
        {
            html.Raw($"<tr data-job=\"{E(run.Job)}\"><td>{html.Time(run.FiredAt)}</td><td>{E(run.Job)}</td><td class=\"num\">{AdminHtml.Duration(run.Duration)}</td><td>{Outcome(run)}</td><td class=\"muted\">{(run.Manual ? "run now" : string.Empty)}</td></tr>");
        }

        if (overview.RecentRuns.Count == 0)
        {
            html.Raw("<tr><td colspan=\"5\" class=\"muted\">No runs recorded yet.</td></tr>");
        }

        html.Raw("</tbody></table></div>");
        return html.Page("Jobs", "/admin/jobs");
    }

    public static async Task<IResult> RunNowAsync(string name, HttpContext context, [FromServices] IMediator mediator, [FromServices] TimeProvider clock)
    {
        var before = await mediator.Send(new GetJobsOverviewQuery(), context.RequestAborted);
        var runsBefore = before.Recurring.FirstOrDefault(j => j.Name == name)?.RunCount ?? 0;
        await mediator.Send(new RunJobNowCommand(name), context.RequestAborted);

        // Show the page once the run is recorded (most jobs take milliseconds), or after a few seconds.
        var started = clock.GetTimestamp();
        while (clock.GetElapsedTime(started) < RunNowWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), context.RequestAborted);
            var now = await mediator.Send(new GetJobsOverviewQuery(), context.RequestAborted);
            if ((now.Recurring.FirstOrDefault(j => j.Name == name)?.RunCount ?? 0) > runsBefore)
            {
                break;
            }
        }

        return Results.Redirect($"/admin/jobs?ran={AdminHtml.Url(name)}", permanent: false, preserveMethod: false);
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
            html.Raw($"<div class=\"turn\"><div class=\"muted\">{html.Time(turn.AskedAt)} · answered in {AdminHtml.Duration(turn.AnsweredAt - turn.AskedAt)}</div><div class=\"q\">{E(turn.Question)}</div><div class=\"a\">{E(turn.Answer)}</div></div>");
        }

        if (history.Total == 0)
        {
            html.Raw("<p class=\"muted\">No turns.</p>");
        }

        html.Raw("</div>");
        Pager(html, page, history.Total, TurnsPerPage, p => $"/admin/followers/{AdminHtml.Url(openId)}?page={p}");
        return html.Page("Follower", "/admin/followers");
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

    private static string Outcome(JobRunView run) =>
        Result(run.Result) + (run.RetryScheduled ? " <span class=\"muted\">(retry scheduled)</span>" : string.Empty);

    private static string Result(string result) => result switch
    {
        "Succeeded" => "<span class=\"ok\">Succeeded</span>",
        "Failed" => "<span class=\"bad\">Failed</span>",
        _ => E(result),
    };

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
