using MediatR;

namespace WeChatGpt.Application.Conversations.ResetConversation;

internal sealed class ResetConversationCommandHandler(IConversationStore conversations, IContinuationStore continuations)
    : IRequestHandler<ResetConversationCommand, int>
{
    public async Task<int> Handle(ResetConversationCommand request, CancellationToken cancellationToken)
    {
        await continuations.DeleteAllAsync(request.OpenId, cancellationToken);
        return await conversations.DeleteAllAsync(request.OpenId, cancellationToken);
    }
}
