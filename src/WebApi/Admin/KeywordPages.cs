using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Admin.DeleteKeyword;
using WeChatGpt.Application.Admin.ListKeywords;
using WeChatGpt.Application.Admin.SaveKeyword;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Domain.Admin;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.WebApi.Security;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// Keyword replies in the browser: list, add, change and delete — the same commands (and checks) as the JSON API,
/// every form with its antiforgery token. A refused form is shown again with what was wrong.
/// </summary>
public sealed class KeywordPages : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/admin/keywords")
            .RequireAuthorization(AdminBasicAuthenticationHandler.SchemeName)
            .ExcludeFromDescription();
        pages.MapGet(string.Empty, ListAsync);
        pages.MapPost(string.Empty, AddAsync).AsForm();
        pages.MapPost("/{id:long}", UpdateAsync).AsForm();
        pages.MapPost("/{id:long}/delete", DeleteAsync).AsForm();
    }

    public static Task<IResult> ListAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, string? saved = null) =>
        PageAsync(context, mediator, options, saved, form: null, errors: null);

    public static async Task<IResult> AddAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options) =>
        await SaveAsync(context, mediator, options, await KeywordForm.ReadAsync(context), id: null);

    public static async Task<IResult> UpdateAsync(long id, HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options) =>
        await SaveAsync(context, mediator, options, await KeywordForm.ReadAsync(context), id);

    public static async Task<IResult> DeleteAsync(long id, HttpContext context, [FromServices] IMediator mediator)
    {
        await mediator.Send(new DeleteKeywordCommand(id), context.RequestAborted);
        return Results.Redirect("/admin/keywords?saved=deleted", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SaveAsync(HttpContext context, IMediator mediator, IOptionsMonitor<AdminOptions> options, KeywordForm form, long? id)
    {
        try
        {
            var match = Enum.TryParse<KeywordMatch>(form.Match, ignoreCase: true, out var parsed) ? parsed : KeywordMatch.Exact;
            await mediator.Send(new SaveKeywordCommand(id, form.Keyword?.Trim() ?? string.Empty, match, form.Reply ?? string.Empty, form.Enabled == "on" || form.Enabled == "true"), context.RequestAborted);
            return Results.Redirect("/admin/keywords?saved=saved", permanent: false, preserveMethod: false);
        }
        catch (RequestValidationException invalid)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await PageAsync(context, mediator, options, saved: null, form with { Id = id }, invalid.Errors.SelectMany(e => e.Value).ToList());
        }
    }

    private static async Task<IResult> PageAsync(HttpContext context, IMediator mediator, IOptionsMonitor<AdminOptions> options, string? saved, KeywordForm? form, IReadOnlyList<string>? errors)
    {
        var keywords = await mediator.Send(new ListKeywordsQuery(), context.RequestAborted);
        var html = new AdminHtml(context, options.CurrentValue);
        var t = html.T;
        html.Messages(saved switch { "saved" => t["Keyword reply saved: it answers at once."], "deleted" => t["Keyword reply deleted."], _ => null }, errors);
        html.Add($"<h2>{t["Add a keyword reply"]}</h2>");
        Fields(html, "/admin/keywords", form is { Id: null } ? form : null, t["Add"]);
        html.Add($"<h2>{t["Keyword replies"]} <span class=\"muted\">({keywords.Count})</span></h2>");
        foreach (var k in keywords)
        {
            var open = form?.Id == k.Id ? Markup.Html($" open") : Markup.Empty;
            html.Add($"<details class=\"turn\"{open}><summary><strong>{k.Keyword}</strong> <span class=\"muted\">{k.Match.ToString()}{(k.Enabled ? string.Empty : " · " + t["off"])}</span><div class=\"a\">{k.Reply}</div></summary>");
            var id = k.Id.ToString(CultureInfo.InvariantCulture);
            Fields(html, $"/admin/keywords/{id}", form?.Id == k.Id ? form : new KeywordForm(k.Keyword, k.Match.ToString(), k.Reply, k.Enabled ? "on" : null), t["Save"]);
            html.Form($"/admin/keywords/{id}/delete", t["Delete"], t.Format("Delete the keyword reply for “{0}”?", k.Keyword), "danger");
            html.Add($"</details>");
        }

        html.Add($"<p class=\"muted\">{t["Checked before the model: exact rules first, then the longest matching “contains” rule. An exact keyword also answers a menu CLICK button whose key it is."]}</p>");
        return html.Page("Keyword replies", "/admin/keywords");
    }

    private static void Fields(AdminHtml html, string action, KeywordForm? values, string button)
    {
        var t = html.T;
        var match = values?.Match ?? nameof(KeywordMatch.Exact);
        var exact = match.Equals("Exact", StringComparison.OrdinalIgnoreCase) ? Markup.Html($" selected") : Markup.Empty;
        var contains = match.Equals("Contains", StringComparison.OrdinalIgnoreCase) ? Markup.Html($" selected") : Markup.Empty;
        var enabled = values is null || values.Enabled is "on" or "true" ? Markup.Html($" checked") : Markup.Empty;
        html.FormStart(action)
            .Add($"<label>{t["Keyword"]}<input type=\"text\" name=\"keyword\" maxlength=\"128\" required value=\"{values?.Keyword}\"></label>")
            .Add($"<label>{t["Match"]}<select name=\"match\"><option value=\"Exact\"{exact}>{t["Exact: the whole message"]}</option><option value=\"Contains\"{contains}>{t["Contains: anywhere in the message"]}</option></select></label>")
            .Add($"<label>{t["Reply"]}<textarea name=\"reply\" required>{values?.Reply}</textarea></label>")
            .Add($"<label><span><input type=\"checkbox\" name=\"enabled\"{enabled}> {t["Enabled"]}</span></label>")
            .Add($"<div><button type=\"submit\">{button}</button></div></form>");
    }
}

/// <summary>The keyword form's fields (a checkbox posts "on" when ticked, nothing otherwise).</summary>
public sealed record KeywordForm(string? Keyword, string? Match, string? Reply, string? Enabled)
{
    public long? Id { get; init; }

    /// <summary>The posted fields (an unticked checkbox posts nothing: the rule is then off).</summary>
    public static async Task<KeywordForm> ReadAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        return new KeywordForm(form["keyword"].ToString(), form["match"].ToString(), form["reply"].ToString(), form["enabled"].ToString());
    }
}
