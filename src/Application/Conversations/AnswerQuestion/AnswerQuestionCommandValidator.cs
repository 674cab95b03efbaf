using FluentValidation;
using Microsoft.Extensions.Options;

namespace WeChatGpt.Application.Conversations.AnswerQuestion;

internal sealed class AnswerQuestionCommandValidator : AbstractValidator<AnswerQuestionCommand>
{
    public AnswerQuestionCommandValidator(IOptionsMonitor<ChatOptions> options)
    {
        RuleFor(c => c.OpenId).NotEmpty().MaximumLength(128);
        RuleFor(c => c.Question).NotEmpty().Must(q => q.Length <= options.CurrentValue.MaxQuestionChars)
            .WithMessage("The question is too long.");
    }
}
