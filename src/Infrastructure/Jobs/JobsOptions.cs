namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>Background jobs (section <c>Jobs</c>). Schedules are Quartz cron expressions (with seconds).</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Run the scheduler (<c>false</c> turns it off, e.g. in tests that do not need it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retries of a failed run, with exponential backoff from <see cref="RetryDelay"/>.</summary>
    public int RetryAttempts { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public string VoiceFilesCleanup { get; set; } = "0 */5 * * * ?";

    public string MediaBookkeeping { get; set; } = "0 */10 * * * ?";

    public string CallbackIpRefresh { get; set; } = "0 7 * * * ?";

    public string LedgerPruning { get; set; } = "0 30 3 * * ?";

    /// <summary>How long the execution history (runs, failures) is kept for the dashboard.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(7);
}
