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
