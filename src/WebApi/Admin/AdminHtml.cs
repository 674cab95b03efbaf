using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Antiforgery;
using WeChatGpt.Application.Admin;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// The dashboard's pages, rendered on the server with no front-end build: a small layout, tables that scroll sideways on
/// a phone, and forms that carry the antiforgery token. Content goes in only through <see cref="Add"/> (an interpolated
/// string whose every value is encoded, see <see cref="HtmlInterpolation"/>) or as <see cref="Markup"/> built the same
/// way: there is no way to write an unencoded value. Texts come from <see cref="AdminText"/> in the owner's language.
/// </summary>
public sealed class AdminHtml
{
    private readonly HttpContext _context;
    private readonly TimeZoneInfo _zone;

    internal AdminHtml(HttpContext context, AdminOptions options)
    {
        _context = context;
        _zone = options.FindZone();
        T = new AdminText(options.Language);
    }

    /// <summary>The owner's texts.</summary>
    public AdminText T { get; }

    internal StringBuilder Body { get; } = new();

    public static string Url(string? text) => UrlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>Appends HTML: the literal parts as written, every value encoded.</summary>
    public AdminHtml Add([InterpolatedStringHandlerArgument("")] ref HtmlInterpolation html) => this;

    /// <summary>A local time in the dashboard's time zone.</summary>
    public string Time(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, _zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds:0.0} s",
        { } d => $"{(int)d.TotalMinutes} min {d.Seconds} s",
    };

    /// <summary>A number the way the pages write counts (<c>12,345</c>).</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A POST form with only a button and the antiforgery token; <paramref name="confirm"/> asks before sending.</summary>
    public AdminHtml Form(string action, string button, string? confirm = null, string css = "")
    {
        var tokens = Tokens();
        var onSubmit = confirm is null ? Markup.Empty : Markup.Html($" onsubmit=\"return confirm('{JavaScriptEncoder.Default.Encode(confirm)}')\"");
        return Add($"<form method=\"post\" action=\"{action}\" class=\"inline\"{onSubmit}><input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\"><button type=\"submit\" class=\"{css}\">{button}</button></form>");
    }

    /// <summary>Opens a POST form with the antiforgery token (its fields follow; close it with <c>&lt;/form&gt;</c>).</summary>
    public AdminHtml FormStart(string action, string css = "stack")
    {
        var tokens = Tokens();
        return Add($"<form method=\"post\" action=\"{action}\" class=\"{css}\"><input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">");
    }

    /// <summary>A flash message and the reasons a form was refused, if any.</summary>
    public AdminHtml Messages(string? flash, IReadOnlyList<string>? errors)
    {
        if (flash is not null)
        {
            Add($"<p class=\"flash\">{flash}</p>");
        }

        if (errors is { Count: > 0 })
        {
            Add($"<ul class=\"errors\">");
            foreach (var error in errors)
            {
                Add($"<li>{error}</li>");
            }

            Add($"</ul>");
        }

        return this;
    }

    public IResult Page(string title, string active)
    {
        var nav = new StringBuilder();
        foreach (var (href, label) in new[] { ("/admin", "Today"), ("/admin/trends", "Trends"), ("/admin/failures", "Failures"), ("/admin/usage", "Usage"), ("/admin/keys", "Keys"), ("/admin/keywords", "Keywords"), ("/admin/templates", "Templates"), ("/admin/menu", "Menu"), ("/admin/followers", "Followers"), ("/admin/jobs", "Jobs"), ("/swagger", "API") })
        {
            nav.Append(Markup.Html($"<a href=\"{href}\"{(href == active ? Markup.Html($" class=\"active\"") : Markup.Empty)}>{T[label]}</a>").ToString());
        }

        var head = Markup.Html($"<!DOCTYPE html>\n<html lang=\"{T.Language}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{T[title]} · {T["WeChatGpt admin"]}</title>\n");
        var top = Markup.Html($"</head>\n<body>\n<header><strong>{T["WeChatGpt admin"]}</strong><nav>{Markup.Trusted(nav.ToString())}</nav></header>\n<main>\n<h1>{T[title]}</h1>\n");
        var html = string.Concat(head.ToString(), Style, top.ToString(), Body.ToString(), "\n</main>\n</body>\n</html>\n");
        _context.Response.Headers.CacheControl = "no-store";
        _context.Response.Headers["X-Frame-Options"] = "DENY";
        _context.Response.Headers["Referrer-Policy"] = "no-referrer";
        _context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private AntiforgeryTokenSet Tokens() => _context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(_context);

    private const string Style = """
        <style>
        :root { color-scheme: light dark; --accent: #07c160; --muted: #888; --line: rgba(127,127,127,.25); }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; }
        header { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
        header strong { margin-right: auto; }
        nav a { margin-right: .75rem; text-decoration: none; color: inherit; padding: .25rem 0; }
        nav a.active { border-bottom: 2px solid var(--accent); font-weight: 600; }
        main { padding: 1rem; max-width: 1100px; margin: 0 auto; }
        h1 { font-size: 1.4rem; margin: .25rem 0 1rem; }
        h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .75rem; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: .75rem; }
        .card .value { font-size: 1.6rem; font-weight: 600; }
        .card .label { color: var(--muted); font-size: .85rem; }
        a.card { color: inherit; text-decoration: none; display: block; } a.card:hover { border-color: var(--accent); }
        .filters a { margin-right: .5rem; white-space: nowrap; } .filters a.active { font-weight: 600; }
        .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: .8rem; color: var(--muted); font-weight: 600; white-space: nowrap; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .ok { color: var(--accent); } .bad { color: #e5484d; } .muted { color: var(--muted); }
        .flash { padding: .5rem .75rem; border-radius: 6px; background: rgba(7,193,96,.12); margin-bottom: 1rem; }
        .error { white-space: pre-wrap; word-break: break-word; font-family: ui-monospace, monospace; font-size: .85rem; }
        .turn { border-bottom: 1px solid var(--line); padding: .75rem 0; }
        .turn .q { font-weight: 600; } .turn .a { white-space: pre-wrap; word-break: break-word; }
        .thumb { display: block; max-width: 160px; max-height: 160px; margin: .25rem 0; border-radius: 4px; border: 1px solid var(--line); }
        form.inline { display: inline; }
        form.stack { display: grid; gap: .5rem; max-width: 560px; margin: .5rem 0 1rem; }
        form.stack label { display: grid; gap: .2rem; font-size: .9rem; }
        form.stack input[type=text], form.stack textarea, form.stack select { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 6px; width: 100%; }
        form.stack textarea { min-height: 5rem; }
        .errors { color: #e5484d; }
        .badge { font-size: .75rem; padding: .05rem .4rem; border-radius: 999px; border: 1px solid var(--line); color: var(--muted); white-space: nowrap; }
        .turn .part { border-left: 3px solid var(--line); padding-left: .5rem; margin: .25rem 0; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1rem; margin-bottom: 1rem; }
        figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: .5rem .75rem; }
        figure.chart figcaption { font-size: .85rem; margin-bottom: .25rem; }
        figure.chart svg { display: block; width: 100%; height: 60px; fill: #5b8def; }
        figure.chart.ok svg { fill: var(--accent); } figure.chart.bad svg { fill: #e5484d; }
        figure.chart .axis { display: flex; justify-content: space-between; font-size: .75rem; }
        button { font: inherit; padding: .35rem .8rem; border-radius: 6px; border: 1px solid var(--line); background: var(--accent); color: #fff; cursor: pointer; }
        button.danger { background: #e5484d; }
        input[type=search] { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 6px; width: min(100%, 320px); }
        .pager { display: flex; gap: 1rem; margin: 1rem 0; }
        code { word-break: break-all; }
        td code { white-space: nowrap; word-break: normal; }
        form.inline button { margin-top: .35rem; }
        </style>
        """;
}
