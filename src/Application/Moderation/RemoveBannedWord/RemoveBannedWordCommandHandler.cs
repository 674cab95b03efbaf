using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Moderation.RemoveBannedWord;

internal sealed class RemoveBannedWordCommandHandler(IModerationWordStore store, IModerationWordsSource source) : RequestHandlerBase<RemoveBannedWordCommand>
{
    protected override async Task HandleAsync(RemoveBannedWordCommand request, CancellationToken cancellationToken)
    {
        if (!await store.RemoveAsync(request.Word, cancellationToken))
        {
            throw new NotFoundException("Banned word");
        }

        await source.ReloadAsync(cancellationToken);
    }
}
