using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Moderation.AddBannedWord;

internal sealed class AddBannedWordCommandHandler(IModerationWordStore store, IModerationWordsSource source, TimeProvider clock)
    : RequestHandlerBase<AddBannedWordCommand, bool>
{
    protected override async Task<bool> HandleAsync(AddBannedWordCommand request, CancellationToken cancellationToken)
    {
        var added = await store.AddAsync(request.Word.Trim(), clock.GetUtcNow(), cancellationToken);
        await source.ReloadAsync(cancellationToken);
        return added;
    }
}
