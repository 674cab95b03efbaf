using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Application.Admin.DeleteMenu;

internal sealed class DeleteMenuCommandHandler(IWeChatApi api) : RequestHandlerBase<DeleteMenuCommand>
{
    protected override Task HandleAsync(DeleteMenuCommand request, CancellationToken cancellationToken) => api.DeleteMenuAsync(cancellationToken);
}
