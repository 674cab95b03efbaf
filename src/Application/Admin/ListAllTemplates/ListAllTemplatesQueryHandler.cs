using WeChatGpt.Application.Common;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.Application.Admin.ListAllTemplates;

internal sealed class ListAllTemplatesQueryHandler(ITemplateStore templates) : RequestHandlerBase<ListAllTemplatesQuery, IReadOnlyList<TemplateDto>>
{
    protected override async Task<IReadOnlyList<TemplateDto>> HandleAsync(ListAllTemplatesQuery request, CancellationToken cancellationToken) =>
        (await templates.ListAllAsync(cancellationToken)).Select(TemplateDto.From).ToList();
}
