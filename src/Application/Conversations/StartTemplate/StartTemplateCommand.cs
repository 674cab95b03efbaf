using MediatR;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Conversations.StartTemplate;

/// <summary>Starts a new conversation under a template (by trigger), or plain chat when <see cref="Trigger"/> is null.</summary>
public sealed record StartTemplateCommand(string OpenId, string? Trigger, string? Topic) : IRequest<Template?>;
