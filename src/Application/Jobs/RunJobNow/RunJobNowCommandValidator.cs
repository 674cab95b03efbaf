using FluentValidation;

namespace WeChatGpt.Application.Jobs.RunJobNow;

internal sealed class RunJobNowCommandValidator : AbstractValidator<RunJobNowCommand>
{
    public RunJobNowCommandValidator() => RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
}
