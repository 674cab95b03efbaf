using MediatR;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Admin.Console;

/// <summary>The configured model keys (masked), their state and today's requests and errors.</summary>
public sealed record ListModelKeysQuery : IRequest<IReadOnlyList<ModelKeyStatus>>;

/// <summary>Puts the keys ending in <paramref name="Last4"/> back into rotation.</summary>
public sealed record EnableModelKeyCommand(string Last4) : IRequest<int>;

internal sealed class ListModelKeysQueryHandler(IModelKeys keys) : RequestHandlerBase<ListModelKeysQuery, IReadOnlyList<ModelKeyStatus>>
{
    protected override Task<IReadOnlyList<ModelKeyStatus>> HandleAsync(ListModelKeysQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(keys.List());
}

internal sealed class EnableModelKeyCommandHandler(IModelKeys keys) : RequestHandlerBase<EnableModelKeyCommand, int>
{
    protected override Task<int> HandleAsync(EnableModelKeyCommand request, CancellationToken cancellationToken)
    {
        var matched = request.Last4.Length == 4 ? keys.Enable(request.Last4) : 0;
        return matched == 0 ? throw new NotFoundException("A configured key with those last 4 characters") : Task.FromResult(matched);
    }
}
