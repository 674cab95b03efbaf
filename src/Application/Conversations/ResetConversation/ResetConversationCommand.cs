using MediatR;

namespace WeChatGpt.Application.Conversations.ResetConversation;

/// <summary>Forgets a follower's conversation history (and any answer waiting for "继续").</summary>
public sealed record ResetConversationCommand(string OpenId) : IRequest<int>;
