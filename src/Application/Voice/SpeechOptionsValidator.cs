using FluentValidation;

namespace WeChatGpt.Application.Voice;

public sealed class SpeechOptionsValidator : AbstractValidator<SpeechOptions>
{
    public SpeechOptionsValidator()
    {
        RuleFor(o => o.Azure.Key).NotEmpty().When(o => o.Provider == SpeechProvider.Azure)
            .OverridePropertyName("Azure:Key").WithMessage("is required with Speech:Provider=Azure.");
        RuleFor(o => o.Azure.Region).NotEmpty().When(o => o.Provider == SpeechProvider.Azure && o.Azure.Endpoint is null)
            .OverridePropertyName("Azure:Region").WithMessage("is required with Speech:Provider=Azure (or set Speech:Azure:Endpoint).");
        RuleFor(o => o.MaxSpokenChars).InclusiveBetween(20, 1000).WithMessage("must be between 20 and 1000.");
        RuleFor(o => o.TempFileTtl).GreaterThan(TimeSpan.Zero).WithMessage("must be positive, e.g. 00:10:00.");
        RuleFor(o => o.MaterialGrace).GreaterThanOrEqualTo(TimeSpan.Zero).WithMessage("must not be negative.");
        RuleFor(o => o.TempDirectory).NotEmpty();
        RuleFor(o => o.FfmpegPath).NotEmpty();
    }
}
