using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WeChatGpt.Application.Conversations.GetHistory;
using WeChatGpt.Application.Conversations.ResetConversation;
using WeChatGpt.Application.Messaging.SendApiMessage;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.WebApi.Security;

namespace WeChatGpt.WebApi.Api;

/// <summary>The consumer API: talk as a (test) follower, read and reset history. Behind <c>X-Api-Key</c>.</summary>
public sealed class FollowerEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/followers/{openId}/messages")
            .WithTags("Followers")
            .RequireAuthorization(ApiKeyAuthenticationHandler.SchemeName)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost(string.Empty, SendMessageAsync)
            .WithName("SendMessage")
            .WithSummary("Send a text message as the follower and get the reply")
            .WithDescription("Goes through the same path as a WeChat message (commands, history, templates, throttling) but waits for the whole answer: no 5-second window.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway);

        group.MapGet(string.Empty, GetHistoryAsync)
            .WithName("GetHistory")
            .WithSummary("Read the follower's history, newest first")
            .ProducesValidationProblem();

        group.MapDelete(string.Empty, ResetAsync)
            .WithName("ResetHistory")
            .WithSummary("Reset the follower's history");
    }

    public static async Task<Ok<SendMessageResponse>> SendMessageAsync(
        [Description("The follower's OpenID (any id for a test follower).")] string openId,
        SendMessageRequest body,
        [FromServices] IMediator mediator,
        CancellationToken cancellationToken)
    {
        var reply = await mediator.Send(new SendApiMessageCommand(openId, body.Text ?? string.Empty), cancellationToken);
        return TypedResults.Ok(new SendMessageResponse(reply.Reply, reply.Parts));
    }

    public static async Task<Ok<HistoryResponse>> GetHistoryAsync(
        string openId,
        [FromServices] IMediator mediator,
        CancellationToken cancellationToken,
        [Description("Turns to skip (newest first).")] int skip = 0,
        [Description("Turns to return, 1 to 200.")] int take = 20)
    {
        var page = await mediator.Send(new GetHistoryQuery(openId, skip, take), cancellationToken);
        return TypedResults.Ok(new HistoryResponse(page.Total, page.Turns.Select(t => new HistoryItem(t.Question, t.Answer, t.AskedAt, t.AnsweredAt)).ToList()));
    }

    public static async Task<Ok<ResetResponse>> ResetAsync(string openId, [FromServices] IMediator mediator, CancellationToken cancellationToken)
    {
        var deleted = await mediator.Send(new ResetConversationCommand(openId), cancellationToken);
        return TypedResults.Ok(new ResetResponse(deleted));
    }
}

/// <param name="Text">What the follower says.</param>
public sealed record SendMessageRequest(string? Text);

/// <param name="Reply">The whole reply, as plain text.</param>
/// <param name="Parts">How many WeChat messages the reply makes (2048-byte limit).</param>
public sealed record SendMessageResponse(string Reply, int Parts);

public sealed record HistoryResponse(int Total, IReadOnlyList<HistoryItem> Turns);

public sealed record HistoryItem(string Question, string Answer, DateTimeOffset AskedAt, DateTimeOffset AnsweredAt);

/// <param name="Deleted">Turns forgotten.</param>
public sealed record ResetResponse(int Deleted);
