using Microsoft.Extensions.Options;

namespace WeChatGpt.WebApi;

/// <summary>
/// The configuration failures inside a start-up validation error. One bad section throws an
/// <see cref="OptionsValidationException"/>; several throw an <see cref="AggregateException"/> of them.
/// </summary>
public static class ConfigurationErrors
{
    /// <summary>Every failure message in <paramref name="exception"/>, or none when it is not a validation error.</summary>
    public static IReadOnlyList<string> From(Exception exception) => exception switch
    {
        OptionsValidationException single => [.. single.Failures],
        AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };
}
