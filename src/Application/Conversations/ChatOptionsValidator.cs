using FluentValidation;

namespace WeChatGpt.Application.Conversations;

public sealed class ChatOptionsValidator : AbstractValidator<ChatOptions>
{
    public ChatOptionsValidator()
    {
        RuleFor(o => o.HistoryTurns).InclusiveBetween(0, 200).WithMessage("must be between 0 and 200.");
        RuleFor(o => o.DailyTokensPerFollower).GreaterThanOrEqualTo(0).WithMessage("must be 0 (no limit) or more.");
        RuleFor(o => o.ContextTokens).InclusiveBetween(256, 1_000_000).WithMessage("must be between 256 and 1000000.");
        RuleFor(o => o.MaxQuestionChars).InclusiveBetween(16, 100_000).WithMessage("must be between 16 and 100000.");
        RuleFor(o => o.HistoryIdleExpiry).GreaterThanOrEqualTo(TimeSpan.Zero).WithMessage("must be 00:00:00 (never) or a positive time.");
        RuleFor(o => o.MaxConcurrentAnswers).InclusiveBetween(0, 1_000_000).WithMessage("must be 0 (derived from the open-file limit) or a positive number.");
        RuleFor(o => o.AnswerTimeout).GreaterThan(TimeSpan.FromSeconds(5)).WithMessage("must be longer than 5 seconds.");
    }
}
