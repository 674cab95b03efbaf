using FluentValidation.Results;

namespace WeChatGpt.Application.Common.Exceptions;

/// <summary>A request failed its validators; the handler was not called.</summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException(string requestName, IEnumerable<ValidationFailure> failures)
        : base($"{requestName} is invalid.")
    {
        Errors = failures
            .GroupBy(f => f.PropertyName, f => f.ErrorMessage)
            .ToDictionary(g => g.Key, g => g.Distinct().ToArray());
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
