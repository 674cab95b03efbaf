namespace WeChatGpt.Infrastructure.Health;

public static class HealthTags
{
    /// <summary>Checks of <c>/health/ready</c>: the service can do its work (database, job scheduler).</summary>
    public const string Ready = "ready";
}
