using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Application.Admin.PublishMenu;

internal sealed class PublishMenuCommandHandler(IWeChatApi api) : RequestHandlerBase<PublishMenuCommand>
{
    protected override Task HandleAsync(PublishMenuCommand request, CancellationToken cancellationToken) =>
        api.CreateMenuAsync(request.Buttons, cancellationToken);
}
