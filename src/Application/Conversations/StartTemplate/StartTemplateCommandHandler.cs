using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Domain.Conversations;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Conversations.StartTemplate;

internal sealed class StartTemplateCommandHandler(IConversationStore conversations, ITemplateStore templates, TimeProvider clock)
    : RequestHandlerBase<StartTemplateCommand, Template?>
{
    protected override async Task<Template?> HandleAsync(StartTemplateCommand request, CancellationToken cancellationToken)
    {
        Template? template = null;
        if (request.Trigger is not null)
        {
            template = (await templates.ListEnabledAsync(cancellationToken))
                .FirstOrDefault(t => string.Equals(t.Trigger, request.Trigger, StringComparison.OrdinalIgnoreCase))
                ?? throw new NotFoundException($"Template '{request.Trigger}'");
        }

        await conversations.StartAsync(request.OpenId, template, request.Topic ?? template?.DefaultTopic, clock.GetUtcNow(), cancellationToken);
        return template;
    }
}
