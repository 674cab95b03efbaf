using FluentValidation;

namespace WeChatGpt.Application.Admin.SaveTemplate;

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
