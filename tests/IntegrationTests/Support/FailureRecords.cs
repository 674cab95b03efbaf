using Microsoft.Extensions.DependencyInjection;
using WeChatGpt.Application.Admin;
using WeChatGpt.Domain.Operations;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>The owner's failure records of a follower, read through the app's own store (they are written in the background).</summary>
public static class FailureRecords
{
    public static async Task<IReadOnlyList<FailureRecord>> OfAsync(WeChatGptFactory factory, string openId, CancellationToken cancellationToken)
    {
        var log = factory.Services.GetRequiredService<IFailureLog>();
        var now = DateTimeOffset.UtcNow;
        var all = await log.ListAsync(now.AddYears(-1), now.AddYears(1), kind: null, limit: 1000, cancellationToken);
        return all.Where(f => f.OpenId == openId).ToList();
    }

    /// <summary>Waits until the follower has a record of <paramref name="kind"/>, and returns it.</summary>
    public static async Task<FailureRecord> EventuallyAsync(WeChatGptFactory factory, string openId, string kind, CancellationToken cancellationToken)
    {
        FailureRecord? found = null;
        await Eventually.TrueAsync(
            async () =>
            {
                found = (await OfAsync(factory, openId, cancellationToken)).FirstOrDefault(f => f.Kind == kind);
                return found is not null;
            },
            TimeSpan.FromSeconds(15),
            $"a '{kind}' failure of {openId} on record");
        return found!;
    }
}
