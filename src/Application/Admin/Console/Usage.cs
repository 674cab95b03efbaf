using MediatR;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Admin.Console;

/// <summary>Tokens and cost per owner's day for the last <paramref name="Days"/> days (today included), newest first.</summary>
public sealed record GetUsageQuery(int Days = 7) : IRequest<IReadOnlyList<UsageDay>>;

/// <summary>The followers who spent the most tokens on one of the owner's days (today when none).</summary>
public sealed record GetFollowerUsageQuery(DateOnly? Day, int Top = 20) : IRequest<IReadOnlyList<FollowerUsage>>;

/// <param name="Estimated">Some of the day's answers came from an endpoint that sent no count: their tokens are the product's estimate.</param>
/// <param name="Cost">With a price table (<c>OpenAI:Prices</c>) for every model of the day; null otherwise.</param>
public sealed record UsageDay(DateOnly Day, long PromptTokens, long CompletionTokens, bool Estimated, decimal? Cost, IReadOnlyList<ModelUsage> Models);

public sealed record ModelUsage(string Model, long PromptTokens, long CompletionTokens);

/// <param name="OpenId">The follower, shortened.</param>
public sealed record FollowerUsage(string OpenId, long PromptTokens, long CompletionTokens, decimal? Cost)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string FullOpenId { get; init; } = string.Empty;
}

/// <summary>
/// What tokens cost (section <c>OpenAI</c>): <c>OpenAI:Prices:{model}:Input</c> and <c>:Output</c> per million tokens,
/// in <c>OpenAI:Currency</c>.
/// </summary>
public sealed class PriceOptions
{
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string Currency { get; set; } = "USD";

    /// <summary>The cost of tokens of one model; null without a price for it.</summary>
    public decimal? Cost(string model, long promptTokens, long completionTokens) =>
        Prices.TryGetValue(model, out var price)
            ? ((promptTokens * price.Input) + (completionTokens * price.Output)) / 1_000_000m
            : null;

    /// <summary>The cost of tokens of several models; null when there are none, or one of them has no price.</summary>
    public decimal? Cost(IEnumerable<(string Model, long PromptTokens, long CompletionTokens)> usage)
    {
        var costs = usage.Select(u => Cost(u.Model, u.PromptTokens, u.CompletionTokens)).ToList();
        return costs.Count > 0 && costs.All(c => c is not null) ? costs.Sum() : null;
    }
}

public sealed class ModelPrice
{
    /// <summary>Per million prompt tokens.</summary>
    public decimal Input { get; set; }

    /// <summary>Per million completion tokens.</summary>
    public decimal Output { get; set; }
}

internal sealed class GetUsageQueryHandler(IUsageStore usage, IOptions<AdminOptions> admin, IOptionsMonitor<PriceOptions> prices, TimeProvider clock)
    : RequestHandlerBase<GetUsageQuery, IReadOnlyList<UsageDay>>
{
    protected override async Task<IReadOnlyList<UsageDay>> HandleAsync(GetUsageQuery request, CancellationToken cancellationToken)
    {
        var zone = admin.Value.FindZone();
        var days = Math.Clamp(request.Days, 1, 366);
        var today = DashboardArithmetic.DayBounds(clock.GetUtcNow(), zone).Day;
        var first = today.AddDays(1 - days);
        var from = DashboardArithmetic.StartOf(first, zone);
        var rows = await usage.PerDayAsync(from, zone.GetUtcOffset(clock.GetUtcNow()), cancellationToken);
        var price = prices.CurrentValue;
        return Enumerable.Range(0, days)
            .Select(i => today.AddDays(-i))
            .Select(day =>
            {
                var models = rows.Where(r => r.Day == day).OrderByDescending(r => r.PromptTokens + r.CompletionTokens).ToList();
                return new UsageDay(
                    day,
                    models.Sum(m => m.PromptTokens),
                    models.Sum(m => m.CompletionTokens),
                    models.Any(m => m.Estimated > 0),
                    price.Cost(models.Select(m => (m.Model, m.PromptTokens, m.CompletionTokens))),
                    models.Select(m => new ModelUsage(m.Model, m.PromptTokens, m.CompletionTokens)).ToList());
            })
            .ToList();
    }
}

internal sealed class GetFollowerUsageQueryHandler(IUsageStore usage, IOptions<AdminOptions> admin, IOptionsMonitor<PriceOptions> prices, TimeProvider clock)
    : RequestHandlerBase<GetFollowerUsageQuery, IReadOnlyList<FollowerUsage>>
{
    protected override async Task<IReadOnlyList<FollowerUsage>> HandleAsync(GetFollowerUsageQuery request, CancellationToken cancellationToken)
    {
        var zone = admin.Value.FindZone();
        var day = request.Day ?? DashboardArithmetic.DayBounds(clock.GetUtcNow(), zone).Day;
        var (from, to) = DashboardArithmetic.DayBounds(day, zone);
        var rows = await usage.PerFollowerAsync(from, to, cancellationToken);
        var price = prices.CurrentValue;
        return rows.GroupBy(r => r.OpenId, StringComparer.Ordinal)
            .Select(g => new FollowerUsage(
                ListFailuresQueryHandler.Shorten(g.Key),
                g.Sum(r => r.PromptTokens),
                g.Sum(r => r.CompletionTokens),
                price.Cost(g.Select(r => (r.Model, r.PromptTokens, r.CompletionTokens))))
            {
                FullOpenId = g.Key,
            })
            .OrderByDescending(f => f.PromptTokens + f.CompletionTokens)
            .Take(Math.Clamp(request.Top, 1, 100))
            .ToList();
    }
}
