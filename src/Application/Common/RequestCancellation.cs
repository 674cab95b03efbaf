namespace WeChatGpt.Application.Common;

/// <summary>
/// MediatR 5 calls every behaviour and the handler with the token given to <c>Send</c>; <c>next()</c>
/// takes none. Behaviours that narrow the token (the timeout) publish it here, in the async flow of the
/// request, and handlers pick it up through <see cref="Resolve"/> (see <c>RequestHandlerBase</c>).
/// </summary>
public static class RequestCancellation
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>The narrowest token of the running request, or <paramref name="handlerToken"/> if none was published.</summary>
    public static CancellationToken Resolve(CancellationToken handlerToken) =>
        Current.Value.CanBeCanceled ? Current.Value : handlerToken;

    internal static Scope Push(CancellationToken token)
    {
        var previous = Current.Value;
        Current.Value = token;
        return new Scope(previous);
    }

    /// <summary>Clears the ambient token, e.g. before starting work that must outlive the request.</summary>
    public static Scope Detach() => Push(CancellationToken.None);

    public readonly struct Scope(CancellationToken previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
