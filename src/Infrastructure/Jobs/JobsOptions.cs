using FluentValidation;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>Background jobs (section <c>Jobs</c>). Schedules are standard 5-field cron: minute hour day month weekday.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Run jobs (<c>false</c> starts no Hangfire server and opens no job storage).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retries of a failed run, with exponential backoff from <see cref="RetryDelay"/> (delay, 2×, 4×, …).</summary>
    public int RetryAttempts { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The zone the schedules run in (IANA or Windows id); empty: <c>Admin:TimeZone</c>.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Jobs run at once: Hangfire's workers.</summary>
    public int Workers { get; set; } = 8;

    /// <summary>How often idle workers look for queued jobs (a triggered job starts within about this long).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public string VoiceFilesCleanup { get; set; } = "*/5 * * * *";

    public string MediaBookkeeping { get; set; } = "*/10 * * * *";

    public string CallbackIpRefresh { get; set; } = "7 * * * *";

    public string LedgerPruning { get; set; } = "30 3 * * *";
}

public sealed class JobsOptionsValidator : AbstractValidator<JobsOptions>
{
    public JobsOptionsValidator()
    {
        RuleFor(o => o.RetryAttempts).InclusiveBetween(0, 20).WithMessage("must be between 0 and 20.");
        RuleFor(o => o.RetryDelay).GreaterThan(TimeSpan.Zero).WithMessage("must be positive, e.g. 00:00:30.");
        RuleFor(o => o.Workers).InclusiveBetween(1, 64).WithMessage("must be between 1 and 64.");
        RuleFor(o => o.PollInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)).WithMessage("must be between 00:00:00.1 and 00:01:00.");
        RuleFor(o => o.TimeZone)
            .Must(zone => TryFindZone(zone!, out _))
            .When(o => !string.IsNullOrWhiteSpace(o.TimeZone))
            .WithMessage("is not a known time zone (use an IANA id such as Asia/Shanghai).");
        Schedule(o => o.VoiceFilesCleanup, nameof(JobsOptions.VoiceFilesCleanup));
        Schedule(o => o.MediaBookkeeping, nameof(JobsOptions.MediaBookkeeping));
        Schedule(o => o.CallbackIpRefresh, nameof(JobsOptions.CallbackIpRefresh));
        Schedule(o => o.LedgerPruning, nameof(JobsOptions.LedgerPruning));
    }

    public static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    private void Schedule(System.Linq.Expressions.Expression<Func<JobsOptions, string>> schedule, string name) =>
        RuleFor(schedule).Custom((cron, context) =>
        {
            if (CronSchedule.Check(cron) is { } problem)
            {
                context.AddFailure(name, problem);
            }
        });
}
