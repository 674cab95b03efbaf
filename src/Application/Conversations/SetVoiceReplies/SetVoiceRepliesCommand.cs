using MediatR;

namespace WeChatGpt.Application.Conversations.SetVoiceReplies;

public sealed record SetVoiceRepliesCommand(string OpenId, bool Enabled) : IRequest;
