using FluentValidation;

namespace WeChatGpt.Application.Common.Texts;

public sealed class TextsOptionsValidator : AbstractValidator<TextsOptions>
{
    public TextsOptionsValidator()
    {
        foreach (var property in typeof(TextsOptions).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            RuleFor(o => (string?)property.GetValue(o)).NotEmpty().OverridePropertyName(property.Name).WithMessage("must not be empty.");
        }

        RuleFor(o => o.MorePartsHint).Must(t => t.Contains("{count}", StringComparison.Ordinal)).WithMessage("must contain {count}.");
    }
}
