using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Admin.SaveTemplate;

internal sealed class SaveTemplateCommandHandler(ITemplateStore templates) : RequestHandlerBase<SaveTemplateCommand, TemplateDto>
{
    protected override async Task<TemplateDto> HandleAsync(SaveTemplateCommand request, CancellationToken cancellationToken)
    {
        var others = (await templates.ListAllAsync(cancellationToken)).Where(t => t.Id != request.Id);
        if (others.Any(t => string.Equals(t.Trigger, request.Trigger, StringComparison.OrdinalIgnoreCase)))
        {
            throw new RequestValidationException(nameof(SaveTemplateCommand), [new FluentValidation.Results.ValidationFailure(nameof(request.Trigger), "Another template has this trigger.")]);
        }

        var template = new Template(request.Id, request.Name, request.Trigger, request.SystemPrompt, request.Language, request.Description, request.DefaultTopic, request.SortOrder);
        template.Update(request.Name, request.Trigger, request.SystemPrompt, request.Language, request.Description, request.DefaultTopic, request.Enabled, request.SortOrder);
        await templates.SaveAsync(template, cancellationToken);
        return TemplateDto.From(template);
    }
}
