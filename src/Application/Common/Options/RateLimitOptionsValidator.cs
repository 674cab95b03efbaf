using FluentValidation;

namespace WeChatGpt.Application.Common.Options;

public sealed class RateLimitOptionsValidator : AbstractValidator<RateLimitOptions>
{
    public RateLimitOptionsValidator()
    {
        RuleFor(o => o.PermitsPerMinute).GreaterThanOrEqualTo(1).WithMessage("must be at least 1.");
        RuleFor(o => o.AuthFailures).GreaterThanOrEqualTo(1).WithMessage("must be at least 1.");
        RuleFor(o => o.AuthFailureWindow).GreaterThan(TimeSpan.Zero).WithMessage("must be positive, e.g. 00:15:00.");
    }
}
