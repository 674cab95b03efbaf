using Hangfire;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Jobs;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Jobs;

/// <summary>Reading what Hangfire did, from its own storage (the same the dashboard reads).</summary>
internal static class JobTestHelpers
{
    public static JobStorage JobStorage(this WeChatGptFactory factory) => factory.Services.GetRequiredService<JobStorage>();

    /// <summary>The id of the background job the recurring job created last (null before its first run).</summary>
    public static string? LastJobId(this WeChatGptFactory factory, string recurringId)
    {
        using var connection = factory.JobStorage().GetConnection();
        return connection.GetAllEntriesFromHash($"recurring-job:{recurringId}")?.GetValueOrDefault("LastJobId") is { Length: > 0 } id ? id : null;
    }

    /// <summary>Triggers a recurring job through the scheduling port and returns the background job it created.</summary>
    public static async Task<string> TriggerAsync(this WeChatGptFactory factory, string recurringId, CancellationToken cancellationToken)
    {
        var before = factory.LastJobId(recurringId);
        (await factory.Services.GetRequiredService<IJobScheduler>().TriggerAsync(recurringId, cancellationToken)).ShouldBeTrue();
        return await factory.NextJobIdAsync(recurringId, before);
    }

    /// <summary>Waits until the recurring job has created a job other than <paramref name="before"/>.</summary>
    public static async Task<string> NextJobIdAsync(this WeChatGptFactory factory, string recurringId, string? before)
    {
        var id = await Eventually.ReadUntilAsync(() => Task.FromResult(factory.LastJobId(recurringId)), id => id is not null && id != before, TimeSpan.FromSeconds(10));
        id.ShouldNotBeNull($"{recurringId} created no job");
        id.ShouldNotBe(before, $"{recurringId} created no new job");
        return id;
    }

    /// <summary>Waits (real time) until the job reaches a final state; returns its state history, oldest first.</summary>
    public static async Task<IReadOnlyList<StateHistoryDto>> WaitForFinalStateAsync(this WeChatGptFactory factory, string jobId, TimeSpan limit)
    {
        // A retry passes through Failed on its way to Scheduled (the storage writes each state on its own):
        // Failed is final only when it is still the state a moment later.
        var state = await Eventually.ReadUntilAsync(
            async () =>
            {
                var now = factory.CurrentState(jobId);
                if (now != "Failed")
                {
                    return now;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(300));
                return factory.CurrentState(jobId) == "Failed" ? "Failed" : null;
            },
            s => s is "Succeeded" or "Failed" or "Deleted",
            limit);
        state.ShouldBeOneOf(["Succeeded", "Failed", "Deleted"], $"job {jobId} did not finish within {limit}");
        var history = factory.History(jobId);
        history[^1].StateName.ShouldBe(state);
        return history;
    }

    public static string? CurrentState(this WeChatGptFactory factory, string jobId)
    {
        using var connection = factory.JobStorage().GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    /// <summary>Every state the job went through, oldest first (a retry shows as Failed, then Scheduled).</summary>
    public static IReadOnlyList<StateHistoryDto> History(this WeChatGptFactory factory, string jobId) =>
        factory.JobStorage().GetMonitoringApi().JobDetails(jobId)?.History.Reverse().ToList() ?? [];
}
