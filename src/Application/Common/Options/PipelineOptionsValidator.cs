using FluentValidation;

namespace WeChatGpt.Application.Common.Options;

public sealed class PipelineOptionsValidator : AbstractValidator<PipelineOptions>
{
    public PipelineOptionsValidator() =>
        RuleFor(o => o.DefaultTimeout).GreaterThan(TimeSpan.Zero).WithMessage("must be positive, e.g. 00:00:30.");
}
