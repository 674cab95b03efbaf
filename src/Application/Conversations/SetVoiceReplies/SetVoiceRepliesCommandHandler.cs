using WeChatGpt.Application.Followers;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Conversations.SetVoiceReplies;

internal sealed class SetVoiceRepliesCommandHandler(IFollowerStore followers, TimeProvider clock) : RequestHandlerBase<SetVoiceRepliesCommand>
{
    protected override Task HandleAsync(SetVoiceRepliesCommand request, CancellationToken cancellationToken) =>
        followers.SetVoiceRepliesAsync(request.OpenId, request.Enabled, clock.GetUtcNow(), cancellationToken);
}
