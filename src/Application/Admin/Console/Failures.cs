using System.Text.Json.Serialization;
using MediatR;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Domain.Operations;

namespace WeChatGpt.Application.Admin.Console;

/// <summary>The failures on record of one of the owner's days (today when none), newest first, of one kind or all.</summary>
public sealed record ListFailuresQuery(DateOnly? Day, string? Kind, int Limit = 500) : IRequest<FailureDay>;

/// <param name="Time">When it failed.</param>
/// <param name="OpenId">The follower, shortened (<c>oAbc…wxyz</c>).</param>
/// <param name="Kind">model-unauthorized, model-rate-limited, model-server-error, model-stalled, model-incomplete, timeout, wechat-api, voice, interrupted or storage.</param>
/// <param name="Status">The HTTP status or WeChat errcode, when there was one.</param>
/// <param name="Detail">What happened (no keys, no stack traces).</param>
public sealed record FailureView(DateTimeOffset Time, string OpenId, string Kind, int? Status, string Detail)
{
    /// <summary>The follower's full OpenID (the console links to the conversation; not in the API).</summary>
    [JsonIgnore]
    public string FullOpenId { get; init; } = string.Empty;

    /// <summary>The question, when the follower's history would have kept it (the console shows it; not in the API).</summary>
    [JsonIgnore]
    public string? Question { get; init; }
}

/// <param name="Counts">Per kind, for the whole day (the list may be cut at its limit).</param>
public sealed record FailureDay(DateOnly Day, string TimeZone, IReadOnlyList<FailureView> Failures, IReadOnlyDictionary<string, int> Counts);

internal sealed class ListFailuresQueryHandler(IFailureLog log, IOptions<AdminOptions> options, TimeProvider clock) : RequestHandlerBase<ListFailuresQuery, FailureDay>
{
    protected override async Task<FailureDay> HandleAsync(ListFailuresQuery request, CancellationToken cancellationToken)
    {
        var zone = options.Value.FindZone();
        var day = request.Day ?? DashboardArithmetic.DayBounds(clock.GetUtcNow(), zone).Day;
        var (from, to) = DashboardArithmetic.DayBounds(day, zone);
        var kind = FailureKinds.All.Contains(request.Kind) ? request.Kind : null;
        var records = await log.ListAsync(from, to, kind, Math.Clamp(request.Limit, 1, 1000), cancellationToken);
        var counts = await log.CountAsync(from, to, cancellationToken);
        return new FailureDay(
            day,
            zone.Id,
            records.Select(r => new FailureView(r.At, Shorten(r.OpenId), r.Kind, r.Status, r.Detail) { FullOpenId = r.OpenId, Question = r.Question }).ToList(),
            counts);
    }

    /// <summary>Enough of an OpenID to tell followers apart in a list, not the identifier itself.</summary>
    public static string Shorten(string openId) => openId.Length <= 10 ? openId : string.Concat(openId.AsSpan(0, 4), "…", openId.AsSpan(openId.Length - 4));
}
