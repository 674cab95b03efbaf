using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Conversations.ResetConversation;

internal sealed class ResetConversationCommandHandler(IConversationStore conversations, IContinuationStore continuations)
    : RequestHandlerBase<ResetConversationCommand, int>
{
    protected override async Task<int> HandleAsync(ResetConversationCommand request, CancellationToken cancellationToken)
    {
        await continuations.DeleteAllAsync(request.OpenId, cancellationToken);
        return await conversations.DeleteAllAsync(request.OpenId, cancellationToken);
    }
}
