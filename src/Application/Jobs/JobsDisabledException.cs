namespace WeChatGpt.Application.Jobs;

/// <summary>A job operation while <c>Jobs:Enabled=false</c>.</summary>
public sealed class JobsDisabledException() : Exception("The job scheduler is off (Jobs:Enabled=false).");
