using FluentValidation;
using MediatR;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Admin;

public sealed record TemplateDto(string Id, string Name, string Trigger, string SystemPrompt, string Language, string? Description, string? DefaultTopic, bool Enabled, int SortOrder)
{
    public static TemplateDto From(Template t) => new(t.Id, t.Name, t.Trigger, t.SystemPrompt, t.Language, t.Description, t.DefaultTopic, t.Enabled, t.SortOrder);
}

public sealed record ListAllTemplatesQuery : IRequest<IReadOnlyList<TemplateDto>>;

/// <summary>Creates the template <see cref="Id"/> or replaces it.</summary>
public sealed record SaveTemplateCommand(string Id, string Name, string Trigger, string SystemPrompt, string Language, string? Description, string? DefaultTopic, bool Enabled, int SortOrder)
    : IRequest<TemplateDto>;

public sealed record DeleteTemplateCommand(string Id) : IRequest;

internal sealed class SaveTemplateCommandValidator : AbstractValidator<SaveTemplateCommand>
{
    public SaveTemplateCommandValidator()
    {
        RuleFor(c => c.Id).NotEmpty().MaximumLength(64).Matches("^[a-z0-9-]+$").WithMessage("Use lowercase letters, digits and dashes.");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Trigger).NotEmpty().MaximumLength(32).Must(t => !t.Contains(':', StringComparison.Ordinal) && !t.Contains('：', StringComparison.Ordinal))
            .WithMessage("A trigger cannot contain a colon: the colon separates the topic.");
        RuleFor(c => c.SystemPrompt).NotEmpty().MaximumLength(8000);
        RuleFor(c => c.Language).NotEmpty().Matches("^[a-z]{2}(-[A-Z]{2})?$").WithMessage("Use a language tag such as zh-CN or en-US.");
    }
}

internal sealed class TemplateHandlers(ITemplateStore templates) :
    IRequestHandler<ListAllTemplatesQuery, IReadOnlyList<TemplateDto>>,
    IRequestHandler<SaveTemplateCommand, TemplateDto>,
    IRequestHandler<DeleteTemplateCommand, Unit>
{
    public async Task<IReadOnlyList<TemplateDto>> Handle(ListAllTemplatesQuery request, CancellationToken cancellationToken) =>
        (await templates.ListAllAsync(cancellationToken)).Select(TemplateDto.From).ToList();

    public async Task<TemplateDto> Handle(SaveTemplateCommand request, CancellationToken cancellationToken)
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

    public async Task<Unit> Handle(DeleteTemplateCommand request, CancellationToken cancellationToken)
    {
        if (!await templates.DeleteAsync(request.Id, cancellationToken))
        {
            throw new NotFoundException($"Template '{request.Id}'");
        }

        return Unit.Value;
    }
}
