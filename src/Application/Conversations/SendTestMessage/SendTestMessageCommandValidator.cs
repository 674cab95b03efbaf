using FluentValidation;

namespace WeChatGpt.Application.Conversations.SendTestMessage;

internal sealed class SendTestMessageCommandValidator : AbstractValidator<SendTestMessageCommand>
{
    public SendTestMessageCommandValidator()
    {
        RuleFor(c => c.OpenId).NotEmpty().MaximumLength(128);
        RuleFor(c => c.Text).NotEmpty().WithMessage("'text' must not be empty.");
    }
}
