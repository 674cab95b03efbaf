using FluentValidation;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Infrastructure.Conversations.OpenAI;

public sealed class OpenAIOptionsValidator : AbstractValidator<OpenAIOptions>
{
    public OpenAIOptionsValidator()
    {
        RuleFor(o => o.BaseUrl)
            .Must(HttpUrls.IsHttpUrl)
            .WithMessage("must be an absolute http(s) URL, e.g. https://api.deepseek.com/v1.");
        RuleFor(o => o.ApiKeys)
            .Must(k => k.Any(key => !string.IsNullOrWhiteSpace(key)))
            .WithMessage("needs at least one key (environment variable OpenAI__ApiKeys__0, or OpenAI__ApiKeys=key1,key2; any placeholder for a local server without keys).");
        RuleFor(o => o.Model).NotEmpty().WithMessage("is required, e.g. gpt-4o-mini, deepseek-chat, qwen-plus.");
        RuleFor(o => o.MaxTokens).GreaterThan(0).When(o => o.MaxTokens is not null).WithMessage("must be positive.");
        RuleFor(o => o.Temperature).InclusiveBetween(0f, 2f).When(o => o.Temperature is not null).WithMessage("must be between 0 and 2.");
        RuleFor(o => o.StallTimeout).GreaterThan(TimeSpan.Zero).WithMessage("must be positive.");
        RuleFor(o => o.RateLimitBackoff).GreaterThan(TimeSpan.Zero).WithMessage("must be positive.");
        RuleFor(o => o.Http2).IsInEnum().WithMessage("must be Auto, Always or Never.");
        RuleFor(o => o.MaxConnections).InclusiveBetween(1, 100_000).WithMessage("must be between 1 and 100000.");
        RuleFor(o => o.MaxWaitForKey).GreaterThanOrEqualTo(TimeSpan.Zero).WithMessage("must not be negative.");
    }
}
