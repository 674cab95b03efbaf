namespace WeChatGpt.IntegrationTests.Support;

/// <summary>
/// Tests of real processes on WeChat's real 5-second clock: run after the parallel ones, alone, so that the test run's
/// own load on two cores does not decide whether a reply makes it in time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Real time, alone";
}
