using System.Globalization;
using System.Text.Json;
using MediatR;
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
        pages.MapPost("/templates", SaveTemplateAsync).AsForm();
        pages.MapPost("/templates/{id}/delete", DeleteTemplateAsync).AsForm();
        pages.MapGet("/menu", MenuAsync);
        pages.MapPost("/menu", PublishMenuAsync).AsForm();
        pages.MapPost("/menu/delete", DeleteMenuAsync).AsForm();
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
        var t = new AdminText(options.CurrentValue.Language);
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
            errors = [t.Format("Not WeChat's menu JSON: {0}", ex.Message.Split(" Path:", 2)[0])];
        }
        catch (RequestValidationException invalid)
        {
            errors = invalid.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")).ToList();
        }
        catch (WeChatApiException refused)
        {
            errors = [t.Format("WeChat refused the menu: errcode {0} ({1}).", refused.ErrorCode, refused.ErrorMessage)];
        }
        catch (WeChatApiNotConfiguredException)
        {
            errors = [t["WeChat's API is not configured: set WeChat:AppId and WeChat:AppSecret."]];
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
            var t = new AdminText(options.CurrentValue.Language);
            return MenuPage(context, options, saved: null, json: null, [ex is WeChatApiException refused ? t.Format("WeChat refused: errcode {0} ({1}).", refused.ErrorCode, refused.ErrorMessage) : t["WeChat's API is not configured: set WeChat:AppId and WeChat:AppSecret."]]);
        }
    }

    private static async Task<IResult> TemplatesPageAsync(HttpContext context, IMediator mediator, IOptionsMonitor<AdminOptions> options, string? saved, TemplateDto? form, IReadOnlyList<string>? errors)
    {
        var templates = await mediator.Send(new ListAllTemplatesQuery(), context.RequestAborted);
        var html = new AdminHtml(context, options.CurrentValue);
        var t = html.T;
        html.Messages(saved switch { "saved" => t["Template saved: followers can start it with its trigger now."], "deleted" => t["Template deleted."], _ => null }, errors);
        html.Add($"<h2>{t["Add a template"]}</h2>");
        TemplateFields(html, form is not null && templates.All(x => x.Id != form.Id) ? form : null, isNew: true);
        html.Add($"<h2>{t["Templates"]} <span class=\"muted\">({templates.Count})</span></h2>");
        foreach (var template in templates)
        {
            var open = form?.Id == template.Id ? Markup.Html($" open") : Markup.Empty;
            html.Add($"<details class=\"turn\"{open}><summary><strong>{template.Name}</strong> <span class=\"muted\">{template.Trigger} · {template.Id}{(template.Enabled ? string.Empty : " · " + t["off"])}</span></summary>");
            TemplateFields(html, form?.Id == template.Id ? form : template, isNew: false);
            html.Form($"/admin/templates/{AdminHtml.Url(template.Id)}/delete", t["Delete"], t.Format("Delete the template “{0}”?", template.Name), "danger");
            html.Add($"</details>");
        }

        html.Add($"<p class=\"muted\">{t["A follower starts a template by sending its trigger, optionally with a topic after a colon (英语:旅行); {topic} in the system prompt is replaced by the topic."]}</p>");
        return html.Page("Templates", "/admin/templates");
    }

    private static void TemplateFields(AdminHtml html, TemplateDto? values, bool isNew)
    {
        var t = html.T;
        var enabled = values is null || values.Enabled ? Markup.Html($" checked") : Markup.Empty;
        html.FormStart("/admin/templates");
        if (isNew)
        {
            html.Add($"<label>{t["Id (lowercase letters, digits and dashes)"]}<input type=\"text\" name=\"id\" required value=\"{values?.Id}\"></label>");
        }
        else
        {
            html.Add($"<input type=\"hidden\" name=\"id\" value=\"{values!.Id}\">");
        }

        html.Add($"<label>{t["Name"]}<input type=\"text\" name=\"name\" required value=\"{values?.Name}\"></label>")
            .Add($"<label>{t["Trigger"]}<input type=\"text\" name=\"trigger\" required value=\"{values?.Trigger}\"></label>")
            .Add($"<label>{t["System prompt"]}<textarea name=\"systemPrompt\" required>{values?.SystemPrompt}</textarea></label>")
            .Add($"<label>{t["Language"]}<input type=\"text\" name=\"language\" value=\"{values?.Language ?? "zh-CN"}\"></label>")
            .Add($"<label>{t["Description"]}<input type=\"text\" name=\"description\" value=\"{values?.Description}\"></label>")
            .Add($"<label>{t["Default topic"]}<input type=\"text\" name=\"defaultTopic\" value=\"{values?.DefaultTopic}\"></label>")
            .Add($"<label>{t["Order"]}<input type=\"text\" name=\"sortOrder\" inputmode=\"numeric\" value=\"{values?.SortOrder ?? 0}\"></label>")
            .Add($"<label><span><input type=\"checkbox\" name=\"enabled\"{enabled}> {t["Enabled"]}</span></label>")
            .Add($"<div><button type=\"submit\">{t[isNew ? "Add" : "Save"]}</button></div></form>");
    }

    private static IResult MenuPage(HttpContext context, IOptionsMonitor<AdminOptions> options, string? saved, string? json, IReadOnlyList<string>? errors)
    {
        var html = new AdminHtml(context, options.CurrentValue);
        var t = html.T;
        html.Messages(saved switch { "published" => t["The menu was published: followers see it within minutes (WeChat caches it)."], "deleted" => t["The custom menu was removed."], _ => null }, errors);
        html.Add($"<p class=\"muted\">{t["WeChat's own menu JSON. Checked before it is sent: 1–3 buttons on the bar, at most 5 sub-buttons each, names of at most 16 bytes (60 in a sub-menu; a Chinese character is 3), keys and URLs where the type needs them. A CLICK button whose key is an exact keyword gets that keyword's reply."]}</p>");
        html.FormStart("/admin/menu")
            .Add($"<label>{t["Menu"]}<textarea name=\"menu\" rows=\"12\" spellcheck=\"false\">{json ?? MenuExample}</textarea></label>")
            .Add($"<div><button type=\"submit\">{t["Publish"]}</button></div></form>");
        html.Form("/admin/menu/delete", t["Remove the menu"], t["Remove the custom menu for every follower?"], "danger");
        return html.Page("Custom menu", "/admin/menu");
    }

    private static string? NullIfEmpty(string value) => value.Trim().Length == 0 ? null : value.Trim();
}
