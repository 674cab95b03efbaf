using FluentValidation;

namespace WeChatGpt.Application.Messaging.SendApiMessage;

internal sealed class SendApiMessageCommandValidator : AbstractValidator<SendApiMessageCommand>
{
    public SendApiMessageCommandValidator()
    {
        RuleFor(c => c.OpenId).NotEmpty().MaximumLength(128);
        RuleFor(c => c.Text).NotEmpty().WithMessage("'text' must not be empty.");
    }
}
