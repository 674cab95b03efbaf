using System.Globalization;
using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Admin.DeleteMenu;
using WeChatGpt.Application.Admin.DeleteTemplate;
using WeChatGpt.Application.Admin.ListAllTemplates;
using WeChatGpt.Application.Admin.PublishMenu;
using WeChatGpt.Application.Admin.SaveTemplate;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.WebApi.Security;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// Templates and the custom menu in the browser: the same commands — and so the same checks, WeChat's menu limits
/// among them — as the JSON API, every form with its antiforgery token. A refused form (by our checks or by WeChat)
/// is shown again with what was wrong.
/// </summary>
public sealed class ContentPages : IEndpointGroup
{
    private const string MenuExample = """
        {"button":[
          {"type":"click","name":"营业时间","key":"营业时间"},
          {"name":"更多","sub_button":[{"type":"view","name":"官网","url":"https://example.com"}]}
        ]}
        """;

    public void Map(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/admin")
            .RequireAuthorization(AdminBasicAuthenticationHandler.SchemeName)
            .ExcludeFromDescription();
        pages.MapGet("/templates", TemplatesAsync);
        pages.MapPost("/templates", SaveTemplateAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(AdminPages.AntiforgeryFilter);
        pages.MapPost("/templates/{id}/delete", DeleteTemplateAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(AdminPages.AntiforgeryFilter);
        pages.MapGet("/menu", MenuAsync);
        pages.MapPost("/menu", PublishMenuAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(AdminPages.AntiforgeryFilter);
        pages.MapPost("/menu/delete", DeleteMenuAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(AdminPages.AntiforgeryFilter);
    }

    public static Task<IResult> TemplatesAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, string? saved = null) =>
        TemplatesPageAsync(context, mediator, options, saved, form: null, errors: null);

    public static async Task<IResult> SaveTemplateAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var values = new TemplateDto(
            form["id"].ToString().Trim(),
            form["name"].ToString(),
            form["trigger"].ToString(),
            form["systemPrompt"].ToString(),
            form["language"].ToString() is { Length: > 0 } language ? language : "zh-CN",
            NullIfEmpty(form["description"].ToString()),
            NullIfEmpty(form["defaultTopic"].ToString()),
            form["enabled"].ToString() is "on" or "true",
            int.TryParse(form["sortOrder"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var order) ? order : 0);
        try
        {
            await mediator.Send(new SaveTemplateCommand(values.Id, values.Name, values.Trigger, values.SystemPrompt, values.Language, values.Description, values.DefaultTopic, values.Enabled, values.SortOrder), context.RequestAborted);
            return Results.Redirect("/admin/templates?saved=saved", permanent: false, preserveMethod: false);
        }
        catch (RequestValidationException invalid)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await TemplatesPageAsync(context, mediator, options, saved: null, values, invalid.Errors.SelectMany(e => e.Value).ToList());
        }
    }

    public static async Task<IResult> DeleteTemplateAsync(string id, HttpContext context, [FromServices] IMediator mediator)
    {
        await mediator.Send(new DeleteTemplateCommand(id), context.RequestAborted);
        return Results.Redirect("/admin/templates?saved=deleted", permanent: false, preserveMethod: false);
    }

    public static Task<IResult> MenuAsync(HttpContext context, [FromServices] IOptionsMonitor<AdminOptions> options, string? saved = null) =>
        Task.FromResult(MenuPage(context, options, saved, json: null, errors: null));

    public static async Task<IResult> PublishMenuAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options, [FromServices] IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var posted = (await context.Request.ReadFormAsync(context.RequestAborted))["menu"].ToString();
        IReadOnlyList<string> errors;
        try
        {
            var menu = JsonSerializer.Deserialize<MenuRequest>(posted, json.Value.SerializerOptions) ?? new MenuRequest(null);
            await mediator.Send(new PublishMenuCommand(menu.ToButtons()), context.RequestAborted);
            return Results.Redirect("/admin/menu?saved=published", permanent: false, preserveMethod: false);
        }
        catch (JsonException ex)
        {
            errors = [$"Not WeChat's menu JSON: {ex.Message.Split(" Path:", 2)[0]}"];
        }
        catch (RequestValidationException invalid)
        {
            errors = invalid.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")).ToList();
        }
        catch (WeChatApiException refused)
        {
            errors = [$"WeChat refused the menu: errcode {refused.ErrorCode} ({refused.ErrorMessage})."];
        }
        catch (WeChatApiNotConfiguredException)
        {
            errors = ["WeChat's API is not configured: set WeChat:AppId and WeChat:AppSecret."];
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return MenuPage(context, options, saved: null, posted, errors);
    }

    public static async Task<IResult> DeleteMenuAsync(HttpContext context, [FromServices] IMediator mediator, [FromServices] IOptionsMonitor<AdminOptions> options)
    {
        try
        {
            await mediator.Send(new DeleteMenuCommand(), context.RequestAborted);
            return Results.Redirect("/admin/menu?saved=deleted", permanent: false, preserveMethod: false);
        }
        catch (Exception ex) when (ex is WeChatApiException or WeChatApiNotConfiguredException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return MenuPage(context, options, saved: null, json: null, [ex is WeChatApiException refused ? $"WeChat refused: errcode {refused.ErrorCode} ({refused.ErrorMessage})." : "WeChat's API is not configured."]);
        }
    }

    private static async Task<IResult> TemplatesPageAsync(HttpContext context, IMediator mediator, IOptionsMonitor<AdminOptions> options, string? saved, TemplateDto? form, IReadOnlyList<string>? errors)
    {
        var templates = await mediator.Send(new ListAllTemplatesQuery(), context.RequestAborted);
        var html = new AdminHtml(context, options.CurrentValue.FindZone());
        Flash(html, saved, errors, saved == "deleted" ? "Template deleted." : "Template saved: followers can start it with its trigger now.");
        html.Raw("<h2>Add a template</h2>");
        TemplateFields(html, form is not null && templates.All(t => t.Id != form.Id) ? form : null, isNew: true);
        html.Raw($"<h2>Templates <span class=\"muted\">({templates.Count})</span></h2>");
        foreach (var t in templates)
        {
            var values = form?.Id == t.Id ? form : t;
            html.Raw($"<details class=\"turn\"{(form?.Id == t.Id ? " open" : string.Empty)}><summary><strong>{AdminHtml.E(t.Name)}</strong> <span class=\"muted\">{AdminHtml.E(t.Trigger)} · {AdminHtml.E(t.Id)}{(t.Enabled ? string.Empty : " · off")}</span></summary>");
            TemplateFields(html, values, isNew: false);
            html.Form($"/admin/templates/{AdminHtml.Url(t.Id)}/delete", "Delete", $"Delete the template “{t.Name}”?", "danger");
            html.Raw("</details>");
        }

        html.Raw("<p class=\"muted\">A follower starts a template by sending its trigger, optionally with a topic after a colon (英语:旅行); {topic} in the system prompt is replaced by the topic.</p>");
        return html.Page("Templates", "/admin/templates");
    }

    private static void TemplateFields(AdminHtml html, TemplateDto? t, bool isNew)
    {
        html.FormStart("/admin/templates")
            .Raw(isNew
                ? $"<label>Id (lowercase letters, digits and dashes)<input type=\"text\" name=\"id\" required value=\"{AdminHtml.E(t?.Id)}\"></label>"
                : $"<input type=\"hidden\" name=\"id\" value=\"{AdminHtml.E(t!.Id)}\">")
            .Raw($"<label>Name<input type=\"text\" name=\"name\" required value=\"{AdminHtml.E(t?.Name)}\"></label>")
            .Raw($"<label>Trigger<input type=\"text\" name=\"trigger\" required value=\"{AdminHtml.E(t?.Trigger)}\"></label>")
            .Raw($"<label>System prompt<textarea name=\"systemPrompt\" required>{AdminHtml.E(t?.SystemPrompt)}</textarea></label>")
            .Raw($"<label>Language<input type=\"text\" name=\"language\" value=\"{AdminHtml.E(t?.Language ?? "zh-CN")}\"></label>")
            .Raw($"<label>Description<input type=\"text\" name=\"description\" value=\"{AdminHtml.E(t?.Description)}\"></label>")
            .Raw($"<label>Default topic<input type=\"text\" name=\"defaultTopic\" value=\"{AdminHtml.E(t?.DefaultTopic)}\"></label>")
            .Raw($"<label>Order<input type=\"text\" name=\"sortOrder\" inputmode=\"numeric\" value=\"{(t?.SortOrder ?? 0).ToString(CultureInfo.InvariantCulture)}\"></label>")
            .Raw($"<label><span><input type=\"checkbox\" name=\"enabled\"{(t is null || t.Enabled ? " checked" : string.Empty)}> Enabled</span></label>")
            .Raw($"<div><button type=\"submit\">{(isNew ? "Add" : "Save")}</button></div></form>");
    }

    private static IResult MenuPage(HttpContext context, IOptionsMonitor<AdminOptions> options, string? saved, string? json, IReadOnlyList<string>? errors)
    {
        var html = new AdminHtml(context, options.CurrentValue.FindZone());
        Flash(html, saved, errors, saved == "deleted" ? "The custom menu was removed." : "The menu was published: followers see it within minutes (WeChat caches it).");
        html.Raw("<p class=\"muted\">WeChat's own menu JSON. Checked before it is sent: 1–3 buttons on the bar, at most 5 sub-buttons each, names of at most 16 bytes (60 in a sub-menu; a Chinese character is 3), keys and URLs where the type needs them. A CLICK button whose key is an exact keyword gets that keyword's reply.</p>");
        html.FormStart("/admin/menu")
            .Raw($"<label>Menu<textarea name=\"menu\" rows=\"12\" spellcheck=\"false\">{AdminHtml.E(json ?? MenuExample)}</textarea></label>")
            .Raw("<div><button type=\"submit\">Publish</button></div></form>");
        html.Form("/admin/menu/delete", "Remove the menu", "Remove the custom menu for every follower?", "danger");
        return html.Page("Custom menu", "/admin/menu");
    }

    private static void Flash(AdminHtml html, string? saved, IReadOnlyList<string>? errors, string message)
    {
        if (saved is not null)
        {
            html.Raw($"<p class=\"flash\">{AdminHtml.E(message)}</p>");
        }

        if (errors is { Count: > 0 })
        {
            html.Raw("<ul class=\"errors\">");
            foreach (var error in errors)
            {
                html.Raw($"<li>{AdminHtml.E(error)}</li>");
            }

            html.Raw("</ul>");
        }
    }

    private static string? NullIfEmpty(string value) => value.Trim().Length == 0 ? null : value.Trim();
}
