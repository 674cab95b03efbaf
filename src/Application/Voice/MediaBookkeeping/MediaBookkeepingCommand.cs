using System.ComponentModel;
using MediatR;

namespace WeChatGpt.Application.Voice.MediaBookkeeping;

/// <summary>
/// Deletes permanent voice material once delivered plus <c>Speech:MaterialGrace</c>, and forgets temporary
/// media WeChat has dropped (a recurring job). Fails — and is retried — when WeChat refused a deletion.
/// </summary>
[DisplayName("Media bookkeeping")]
public sealed record MediaBookkeepingCommand : IRequest;
