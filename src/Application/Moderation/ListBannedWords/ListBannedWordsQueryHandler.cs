using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Moderation.ListBannedWords;

internal sealed class ListBannedWordsQueryHandler(IModerationWordStore store, ContentFilter filter) : RequestHandlerBase<ListBannedWordsQuery, BannedWordsDto>
{
    protected override async Task<BannedWordsDto> HandleAsync(ListBannedWordsQuery request, CancellationToken cancellationToken)
    {
        var managed = await store.ListAsync(cancellationToken);
        var total = filter.Matcher.Count;
        return new BannedWordsDto(managed, Math.Max(0, total - managed.Count), total);
    }
}
