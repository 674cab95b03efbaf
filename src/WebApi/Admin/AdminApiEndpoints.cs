using System.ComponentModel;
using System.Text.Json.Serialization;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Domain.Admin;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.WebApi.Security;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Admin.ListKeywords;
using WeChatGpt.Application.Admin.SaveKeyword;
using WeChatGpt.Application.Admin.DeleteKeyword;
using WeChatGpt.Application.Admin.ListAllTemplates;
using WeChatGpt.Application.Admin.SaveTemplate;
using WeChatGpt.Application.Admin.DeleteTemplate;
using WeChatGpt.Application.Admin.PublishMenu;
using WeChatGpt.Application.Admin.DeleteMenu;
using WeChatGpt.Application.Admin.GetTodayFigures;
using WeChatGpt.Application.Admin.ListFollowers;
using WeChatGpt.Application.Jobs.ListRecurringJobs;
using WeChatGpt.Application.Jobs.RunJobNow;
using WeChatGpt.Application.Moderation.AddBannedWord;
using WeChatGpt.Application.Moderation.ListBannedWords;
using WeChatGpt.Application.Moderation.RemoveBannedWord;
using WeChatGpt.Application.Admin.Console;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// The admin JSON API (HTTP Basic): keyword auto-replies, templates, the custom menu, and the dashboard's
/// figures, followers and jobs. A custom webhook turns off WeChat's own menu editor and keyword replies,
/// so this is where the account's menu and keywords are kept.
/// </summary>
public sealed class AdminApiEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/admin/api")
            .RequireAuthorization(AdminBasicAuthenticationHandler.SchemeName)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var keywords = api.MapGroup("/keywords").WithTags("Admin: keyword replies");
        keywords.MapGet(string.Empty, ListKeywordsAsync).WithName("ListKeywords").WithSummary("List keyword replies");
        keywords.MapPost(string.Empty, AddKeywordAsync).WithName("AddKeyword").WithSummary("Add a keyword reply")
            .WithDescription("Checked before the model: exact rules first, then the longest matching 'contains' rule. An exact keyword also answers a menu CLICK button whose key it is.")
            .ProducesValidationProblem();
        keywords.MapPut("/{id:long}", UpdateKeywordAsync).WithName("UpdateKeyword").WithSummary("Change a keyword reply")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        keywords.MapDelete("/{id:long}", DeleteKeywordAsync).WithName("DeleteKeyword").WithSummary("Delete a keyword reply")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var templates = api.MapGroup("/templates").WithTags("Admin: templates");
        templates.MapGet(string.Empty, ListTemplatesAsync).WithName("ListTemplates").WithSummary("List conversation templates");
        templates.MapPut("/{id}", SaveTemplateAsync).WithName("SaveTemplate").WithSummary("Create or replace a template")
            .WithDescription("A follower starts a template by sending its trigger, optionally with a topic after a colon (英语:旅行). {topic} in the system prompt is replaced by the topic.")
            .ProducesValidationProblem();
        templates.MapDelete("/{id}", DeleteTemplateAsync).WithName("DeleteTemplate").WithSummary("Delete a template")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var menu = api.MapGroup("/menu").WithTags("Admin: custom menu");
        menu.MapPost(string.Empty, PublishMenuAsync).WithName("PublishMenu").WithSummary("Publish the custom menu")
            .WithDescription("Through WeChat's /cgi-bin/menu/create: 1 to 3 top-level buttons, at most 5 sub-buttons each. WeChat's refusal comes back as 422 with its errcode and errmsg.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        menu.MapDelete(string.Empty, DeleteMenuAsync).WithName("DeleteMenu").WithSummary("Remove the custom menu")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var words = api.MapGroup("/moderation/words").WithTags("Admin: sensitive words");
        words.MapGet(string.Empty, ListBannedWordsAsync).WithName("ListBannedWords").WithSummary("List the banned words added here (and how many come from configuration)");
        words.MapPost(string.Empty, AddBannedWordAsync).WithName("AddBannedWord").WithSummary("Ban a word")
            .WithDescription("Matched in questions (before keywords and the model) and answers (before anything is sent), ignoring case, full/half width and inserted spaces or punctuation. In force at once.")
            .ProducesValidationProblem();
        words.MapDelete("/{word}", RemoveBannedWordAsync).WithName("RemoveBannedWord").WithSummary("Remove a banned word added here")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var dashboard = api.MapGroup(string.Empty).WithTags("Admin: dashboard");
        dashboard.MapGet("/figures/today", TodayAsync).WithName("GetTodayFigures").WithSummary("Today's figures (in Admin:TimeZone)");
        dashboard.MapGet("/followers", FollowersAsync).WithName("ListFollowers").WithSummary("Followers, most recently active first").ProducesValidationProblem();
        dashboard.MapGet("/jobs", JobsAsync).WithName("GetJobs").WithSummary("Recurring jobs: schedule, zone, last and next run (the Hangfire Dashboard at /admin/jobs has the rest)");
        dashboard.MapPost("/jobs/run", RunJobAsync).WithName("RunJob").WithSummary("Run a recurring job now")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var console = api.MapGroup(string.Empty).WithTags("Admin: failures, keys and usage");
        console.MapGet("/failures", FailuresAsync).WithName("ListFailures").WithSummary("Failed and interrupted answers of a day (in Admin:TimeZone), newest first")
            .WithDescription("Kinds: model-unauthorized, model-rate-limited, model-server-error, model-stalled, model-incomplete, timeout, wechat-api, voice, interrupted, storage. Never shown to followers.");
        console.MapGet("/keys", KeysAsync).WithName("ListModelKeys").WithSummary("The model API keys (masked), their state in this instance and today's requests and errors");
        console.MapPost("/keys/{last4}/enable", EnableKeyAsync).WithName("EnableModelKey").WithSummary("Put a disabled or resting key back into rotation")
            .ProducesProblem(StatusCodes.Status404NotFound);
        console.MapGet("/usage", UsageAsync).WithName("GetUsage").WithSummary("Tokens per day and model, with the cost when OpenAI:Prices has the model");
        console.MapGet("/usage/followers", FollowerUsageAsync).WithName("GetFollowerUsage").WithSummary("The followers who spent the most tokens on a day");
    }

    public static async Task<Ok<IReadOnlyList<FailureView>>> FailuresAsync(
        [FromServices] IMediator mediator,
        CancellationToken cancellationToken,
        [Description("YYYY-MM-DD in Admin:TimeZone; today when absent.")] DateOnly? day = null,
        [Description("One kind only.")] string? kind = null) =>
        TypedResults.Ok((await mediator.Send(new ListFailuresQuery(day, kind), cancellationToken)).Failures);

    public static async Task<Ok<IReadOnlyList<KeyView>>> KeysAsync([FromServices] IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<KeyView>>((await mediator.Send(new ListModelKeysQuery(), cancellationToken)).Select(KeyView.From).ToList());

    public static async Task<NoContent> EnableKeyAsync([Description("The key's last 4 characters.")] string last4, [FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new EnableModelKeyCommand(last4), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<UsageDay>>> UsageAsync([FromServices] IMediator mediator, CancellationToken cancellationToken, [Description("1 to 366; default 7.")] int days = 7) =>
        TypedResults.Ok(await mediator.Send(new GetUsageQuery(days), cancellationToken));

    public static async Task<Ok<IReadOnlyList<FollowerUsage>>> FollowerUsageAsync(
        [FromServices] IMediator mediator,
        CancellationToken cancellationToken,
        [Description("YYYY-MM-DD in Admin:TimeZone; today when absent.")] DateOnly? day = null) =>
        TypedResults.Ok(await mediator.Send(new GetFollowerUsageQuery(day), cancellationToken));

    public static async Task<Ok<IReadOnlyList<KeywordDto>>> ListKeywordsAsync([FromServices] IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListKeywordsQuery(), cancellationToken));

    public static async Task<Created<KeywordDto>> AddKeywordAsync(KeywordRequest body, [FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        var saved = await mediator.Send(body.ToCommand(null), cancellationToken);
        return TypedResults.Created($"/admin/api/keywords/{saved.Id}", saved);
    }

    public static async Task<Ok<KeywordDto>> UpdateKeywordAsync(long id, KeywordRequest body, [FromServices] IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(body.ToCommand(id), cancellationToken));

    public static async Task<NoContent> DeleteKeywordAsync(long id, [FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteKeywordCommand(id), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<BannedWordsDto>> ListBannedWordsAsync([FromServices] IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListBannedWordsQuery(), cancellationToken));

    public static async Task<Results<Created<BannedWordRequest>, Ok<BannedWordRequest>>> AddBannedWordAsync(BannedWordRequest body, [FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        var word = body.Word?.Trim() ?? string.Empty;
        var added = await mediator.Send(new AddBannedWordCommand(word), cancellationToken);
        return added
            ? TypedResults.Created($"/admin/api/moderation/words/{Uri.EscapeDataString(word)}", new BannedWordRequest(word))
            : TypedResults.Ok(new BannedWordRequest(word));
    }

    public static async Task<NoContent> RemoveBannedWordAsync(string word, [FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new RemoveBannedWordCommand(word), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<TemplateDto>>> ListTemplatesAsync([FromServices] IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListAllTemplatesQuery(), cancellationToken));

    public static async Task<Ok<TemplateDto>> SaveTemplateAsync(
        [Description("Lowercase letters, digits and dashes.")] string id,
        TemplateRequest body,
        [FromServices] IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(
            new SaveTemplateCommand(id, body.Name ?? string.Empty, body.Trigger ?? string.Empty, body.SystemPrompt ?? string.Empty, body.Language ?? "zh-CN", body.Description, body.DefaultTopic, body.Enabled ?? true, body.SortOrder ?? 0),
            cancellationToken));

    public static async Task<NoContent> DeleteTemplateAsync(string id, [FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteTemplateCommand(id), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> PublishMenuAsync(MenuRequest body, [FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new PublishMenuCommand(body.ToButtons()), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> DeleteMenuAsync([FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteMenuCommand(), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<TodayFigures>> TodayAsync([FromServices] IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetTodayFiguresQuery(), cancellationToken));

    public static async Task<Ok<FollowersPage>> FollowersAsync(
        [FromServices] IMediator mediator,
        CancellationToken cancellationToken,
        [Description("The start of an OpenID.")] string? search = null,
        int skip = 0,
        [Description("1 to 200.")] int take = 50) =>
        TypedResults.Ok(await mediator.Send(new ListFollowersQuery(search, skip, take), cancellationToken));

    public static async Task<Ok<IReadOnlyList<RecurringJobView>>> JobsAsync([FromServices] IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListRecurringJobsQuery(), cancellationToken));

    public static async Task<Accepted> RunJobAsync(RunJobRequest body, [FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new RunJobNowCommand(body.Name ?? string.Empty), cancellationToken);
        return TypedResults.Accepted("/admin/api/jobs");
    }
}

/// <param name="Keyword">The word or phrase.</param>
/// <param name="Match">Exact (the whole message, or a menu CLICK key) or Contains.</param>
/// <param name="Reply">The text sent back (at most 2047 bytes).</param>
/// <param name="Enabled">Default true.</param>
public sealed record KeywordRequest(string? Keyword, KeywordMatch? Match, string? Reply, bool? Enabled)
{
    public SaveKeywordCommand ToCommand(long? id) => new(id, Keyword ?? string.Empty, Match ?? KeywordMatch.Exact, Reply ?? string.Empty, Enabled ?? true);
}

/// <param name="Language">A language tag such as zh-CN or en-US (voice replies use it).</param>
public sealed record TemplateRequest(string? Name, string? Trigger, string? SystemPrompt, string? Language, string? Description, string? DefaultTopic, bool? Enabled, int? SortOrder);

/// <summary>WeChat's own menu JSON (<c>{"button": [...]}</c>), so a menu written for WeChat's docs can be pasted as is.</summary>
/// <param name="Button">The top-level buttons (1 to 3).</param>
public sealed record MenuRequest(IReadOnlyList<MenuButtonRequest>? Button)
{
    public IReadOnlyList<MenuButton> ToButtons() => Button?.Select(b => b.ToButton()).ToList() ?? [];
}

/// <param name="Name">At most 16 bytes on the bar (a Chinese character is 3), 60 in a sub-menu.</param>
/// <param name="Type">click, view, miniprogram, scancode_push, scancode_waitmsg, pic_sysphoto, pic_photo_or_album, pic_weixin, location_select, article_id, article_view_limited; none for a button with sub_button.</param>
/// <param name="Key">The CLICK key (and of the scan, photo and location types), at most 128 bytes.</param>
/// <param name="Url">view: the page; miniprogram: the fallback page.</param>
/// <param name="SubButton">Up to 5 sub-buttons.</param>
public sealed record MenuButtonRequest(
    string? Name,
    string? Type,
    string? Key,
    string? Url,
    [property: JsonPropertyName("appid")] string? AppId,
    [property: JsonPropertyName("pagepath")] string? PagePath,
    [property: JsonPropertyName("article_id")] string? ArticleId,
    [property: JsonPropertyName("sub_button")] IReadOnlyList<MenuButtonRequest>? SubButton)
{
    public MenuButton ToButton() => new(Name ?? string.Empty, Type, Key, Url, AppId, PagePath, ArticleId, SubButton?.Select(b => b.ToButton()).ToList());
}

/// <param name="Key">Masked: its last 4 characters.</param>
/// <param name="State">active, resting (HTTP 429) or disabled (HTTP 401/403: tried again by itself after OpenAI:DisabledKeyRetry).</param>
/// <param name="Since">Disabled or resting since.</param>
/// <param name="LastStatus">The HTTP status of its last failure.</param>
public sealed record KeyView(string Key, string State, DateTimeOffset? Since, int? LastStatus, int RequestsToday, int ErrorsToday)
{
    public static KeyView From(ModelKeyStatus key) => new(key.Key, key.State, key.Since, key.LastStatus, key.RequestsToday, key.ErrorsToday);
}

/// <param name="Name">A recurring job's name, as GET /admin/api/jobs lists them.</param>
public sealed record RunJobRequest(string? Name);

/// <param name="Word">The word to ban (spaces and punctuation inside it are ignored when matching).</param>
public sealed record BannedWordRequest(string? Word);
