using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace WeChatGpt.Application.Common.Options;

/// <summary>
/// Validates an options class with FluentValidation at start-up; each failure names the configuration
/// key (<c>Section:Property</c>) so that bad configuration stops the app with one clear line.
/// </summary>
public sealed class FluentOptionsValidator<TOptions>(string section, IValidator<TOptions> validator) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => $"{section}:{e.PropertyName.Replace('.', ':')}: {e.ErrorMessage}"));
    }
}

public static class OptionsRegistration
{
    /// <summary><c>AddOptions&lt;T&gt;().BindConfiguration(section)</c>, validated by <typeparamref name="TValidator"/> on start.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : IValidator<TOptions>, new()
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new FluentOptionsValidator<TOptions>(section, new TValidator()));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
