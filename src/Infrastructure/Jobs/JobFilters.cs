using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>
/// The filters Hangfire applies to our jobs, per host (Hangfire's global filters are static; tests run
/// several hosts in one process): Hangfire's own globals without their default retry, our retry policy
/// (<c>Jobs:RetryAttempts</c>, exponential backoff from <c>Jobs:RetryDelay</c>), and the failure scrubber.
/// </summary>
internal static class JobFilters
{
    public static IJobFilterProvider Create(JobsOptions options, ILogger logger)
    {
        var filters = new JobFilterCollection();
        // Runs before the retry filter (which has order 20): the retry's reason then quotes the scrubbed message.
        filters.Add(new JobFailureScrubber(logger), 0);
        filters.Add(new AutomaticRetryAttribute
        {
            Attempts = options.RetryAttempts,
            // One second more: the storage keeps due times in whole seconds (rounded down), and a retry must not
            // come sooner than the configured delay.
            DelayInSecondsByAttemptFunc = attempt => RetryDelaySeconds(options.RetryDelay, attempt) + 1,
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
            LogEvents = false,
        });
        foreach (var global in GlobalJobFilters.Filters.Where(f => f.Instance is not AutomaticRetryAttribute))
        {
            filters.Add(global.Instance, global.Order);
        }

        return new JobFilterProviderCollection(filters, new JobFilterAttributeFilterProvider());
    }

    /// <summary>The delay before retry <paramref name="attempt"/> (1-based): delay, 2×delay, 4×delay, … at most a day.</summary>
    public static int RetryDelaySeconds(TimeSpan delay, long attempt)
    {
        var seconds = delay.TotalSeconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return (int)Math.Clamp(Math.Ceiling(seconds), 1, TimeSpan.FromDays(1).TotalSeconds);
    }
}

/// <summary>
/// A failed run is recorded (and shown on the dashboard) as its exception's type and message only: no stack
/// trace, and no access token, API key or bearer token even if a message carried one. The job runner already
/// throws such an exception (<see cref="JobFailureException"/>); a failure outside it (a lock timeout, a job
/// that cannot be loaded) is rewritten here the same way.
/// </summary>
internal sealed partial class JobFailureScrubber(ILogger logger) : IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed)
        {
            return;
        }

        // The candidate is kept in the job's history as it is: it must not carry a stack trace either.
        failed.MaxLinesInStackTrace = 0;
        failed.IncludeFileInfo = false;
        if (failed.Exception is JobFailureException)
        {
            return;
        }

        var message = Scrub($"{failed.Exception.GetType().Name}: {failed.Exception.Message}");
        logger.LogWarning("Job {JobId} failed: {Error}", context.BackgroundJob.Id, message);
        context.CandidateState = new FailedState(new JobFailureException(message), failed.ServerId)
        {
            Reason = failed.Reason,
            MaxLinesInStackTrace = 0,
            IncludeFileInfo = false,
        };
    }

    /// <summary>Removes secrets a message may carry: query-string tokens and secrets, API keys, bearer tokens.</summary>
    public static string Scrub(string text)
    {
        text = QuerySecret().Replace(text, m => m.Groups[1].Value + "=***");
        text = ApiKey().Replace(text, "sk-***");
        return Bearer().Replace(text, "Bearer ***");
    }

    [GeneratedRegex(@"\b(access_token|secret|appsecret|key|token|password)=[^&\s""']+", RegexOptions.IgnoreCase)]
    private static partial Regex QuerySecret();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{4,}")]
    private static partial Regex ApiKey();

    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9._~+/=\-]+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();
}

/// <summary>What a failed job is recorded as: the scrubbed type and message of what went wrong, and no stack trace.</summary>
public sealed class JobFailureException(string message) : Exception(message)
{
    public override string? StackTrace => null;

    public override string ToString() => $"{GetType().Name}: {Message}";
}
