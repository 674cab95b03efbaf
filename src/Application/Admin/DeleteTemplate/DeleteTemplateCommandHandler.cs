using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.Application.Admin.DeleteTemplate;

internal sealed class DeleteTemplateCommandHandler(ITemplateStore templates) : RequestHandlerBase<DeleteTemplateCommand>
{
    protected override async Task HandleAsync(DeleteTemplateCommand request, CancellationToken cancellationToken)
    {
        if (!await templates.DeleteAsync(request.Id, cancellationToken))
        {
            throw new NotFoundException($"Template '{request.Id}'");
        }
    }
}
