using FluentValidation;

namespace WeChatGpt.Application.Messaging;

public sealed class TextsOptionsValidator : AbstractValidator<TextsOptions>
{
    public TextsOptionsValidator()
    {
        RuleFor(o => o.Welcome).NotEmpty();
        RuleFor(o => o.Unsupported).NotEmpty();
        RuleFor(o => o.Apology).NotEmpty();
    }
}
