using FluentValidation;

namespace WeChatGpt.Application.Conversations.ResetConversation;

internal sealed class ResetConversationCommandValidator : AbstractValidator<ResetConversationCommand>
{
    public ResetConversationCommandValidator() => RuleFor(c => c.OpenId).NotEmpty().MaximumLength(128);
}
