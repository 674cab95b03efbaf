using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Admin.ListKeywords;

internal sealed class ListKeywordsQueryHandler(IKeywordStore store) : RequestHandlerBase<ListKeywordsQuery, IReadOnlyList<KeywordDto>>
{
    protected override async Task<IReadOnlyList<KeywordDto>> HandleAsync(ListKeywordsQuery request, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).Select(KeywordDto.From).ToList();
}
