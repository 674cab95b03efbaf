using FluentValidation;

namespace WeChatGpt.Application.Common.Options;

public sealed class RateLimitOptionsValidator : AbstractValidator<RateLimitOptions>
{
    public RateLimitOptionsValidator() =>
        RuleFor(o => o.PermitsPerMinute).GreaterThanOrEqualTo(1).WithMessage("must be at least 1.");
}
