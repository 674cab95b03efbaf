using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Admin.DeleteKeyword;

internal sealed class DeleteKeywordCommandHandler(IKeywordStore store) : RequestHandlerBase<DeleteKeywordCommand>
{
    protected override async Task HandleAsync(DeleteKeywordCommand request, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(request.Id, cancellationToken))
        {
            throw new NotFoundException($"Keyword reply {request.Id}");
        }
    }
}
