using FluentValidation;

namespace WeChatGpt.Application.Messaging.ReceiveMessage;

internal sealed class ReceiveMessageCommandValidator : AbstractValidator<ReceiveMessageCommand>
{
    public ReceiveMessageCommandValidator()
    {
        RuleFor(c => c.Message).NotNull();
        RuleFor(c => c.Message.FromUserName).NotEmpty().MaximumLength(128);
        RuleFor(c => c.Message.ToUserName).NotEmpty().MaximumLength(128);
        RuleFor(c => c.Message.CreateTime).GreaterThanOrEqualTo(0);
    }
}
