using MediatR;

namespace WeChatGpt.Application.Common;

/// <summary>
/// Base of handlers that honour the pipeline's timeout: <see cref="HandleAsync"/> receives the token
/// narrowed by the behaviours (see <see cref="RequestCancellation"/>).
/// </summary>
public abstract class RequestHandlerBase<TRequest, TResponse> : IRequestHandler<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, RequestCancellation.Resolve(cancellationToken));

    protected abstract Task<TResponse> HandleAsync(TRequest request, CancellationToken cancellationToken);
}

/// <summary>The same base for requests without a result.</summary>
public abstract class RequestHandlerBase<TRequest> : IRequestHandler<TRequest, Unit>
    where TRequest : IRequest<Unit>
{
    public async Task<Unit> Handle(TRequest request, CancellationToken cancellationToken)
    {
        await HandleAsync(request, RequestCancellation.Resolve(cancellationToken));
        return Unit.Value;
    }

    protected abstract Task HandleAsync(TRequest request, CancellationToken cancellationToken);
}
