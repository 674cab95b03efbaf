using MediatR;
using WeChatGpt.Application.Followers;

namespace WeChatGpt.Application.Conversations.SetVoiceReplies;

internal sealed class SetVoiceRepliesCommandHandler(IFollowerStore followers, TimeProvider clock) : AsyncRequestHandler<SetVoiceRepliesCommand>
{
    protected override Task Handle(SetVoiceRepliesCommand request, CancellationToken cancellationToken) =>
        followers.SetVoiceRepliesAsync(request.OpenId, request.Enabled, clock.GetUtcNow(), cancellationToken);
}
