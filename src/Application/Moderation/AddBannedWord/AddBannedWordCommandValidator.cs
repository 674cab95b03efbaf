using FluentValidation;

namespace WeChatGpt.Application.Moderation.AddBannedWord;

internal sealed class AddBannedWordCommandValidator : AbstractValidator<AddBannedWordCommand>
{
    public AddBannedWordCommandValidator() =>
        RuleFor(c => c.Word)
            .NotEmpty()
            .MaximumLength(100)
            .Must(w => new SensitiveWordMatcher([w]).Count == 1)
            .WithMessage("must contain at least one letter or character (spaces and punctuation are ignored when matching)");
}
