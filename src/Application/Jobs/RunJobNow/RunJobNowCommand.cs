using MediatR;

namespace WeChatGpt.Application.Jobs.RunJobNow;

/// <summary>Runs a recurring job now, in addition to its schedule.</summary>
public sealed record RunJobNowCommand(string Name) : IRequest;
