using FluentValidation;
using MediatR;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Common.Behaviours;

/// <summary>
/// Innermost behaviour: runs the request's validators one after another (they may share a scoped
/// store) and stops an invalid request before its handler.
/// </summary>
internal sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var token = RequestCancellation.Resolve(cancellationToken);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), token);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw new RequestValidationException(typeof(TRequest).Name, failures);
        }

        return await next();
    }
}
