using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// A follower's tokens per day (<c>Chat:DailyTokensPerFollower</c>, in the owner's time zone): checked before a
/// question goes to the model, from what the stored turns cost today.
/// </summary>
public sealed class DailyBudget(IUsageStore usage, IOptionsMonitor<ChatOptions> chat, IOptionsMonitor<AdminOptions> admin, TimeProvider clock)
{
    /// <exception cref="ThrottledException">The follower spent today's tokens (<see cref="ThrottleReason.DailyBudget"/>), until the owner's midnight.</exception>
    public async Task EnsureWithinAsync(string openId, CancellationToken cancellationToken)
    {
        var budget = chat.CurrentValue.DailyTokensPerFollower;
        if (budget <= 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var (_, from, to) = DashboardArithmetic.DayBounds(now, admin.CurrentValue.FindZone());
        if (await usage.SpentAsync(openId, from, cancellationToken) >= budget)
        {
            throw new ThrottledException(ThrottleReason.DailyBudget, to - now);
        }
    }
}
