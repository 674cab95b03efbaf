using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace WeChatGpt.WebApi.Hosting;

/// <summary>
/// Inbound connections at most (<c>Server:MaxConnections</c>), counted where they are accepted: at the limit the
/// listener stops accepting, and a connection waits in the kernel's listen queue (<c>Server:ListenBacklog</c>) until
/// one is closed — it is then served, within its delivery's window if a place frees in time. A place is counted
/// from the accept until the connection is disposed, after its socket was closed, so the process never holds more
/// sockets than the limit. Kestrel's own limit (<c>MaxConcurrentConnections</c>) is counted later, when the connection's
/// first work item runs on the thread pool: under a crowd the accept loop ran ahead of it by thousands of sockets,
/// the process reached its open-file limit, and the runtime died ("Out of memory.") with every answer in flight.
/// </summary>
internal sealed class InboundConnectionGate(long? limit)
{
    private readonly SemaphoreSlim? _places = limit is { } places ? new SemaphoreSlim((int)Math.Min(places, int.MaxValue)) : null;

    public ValueTask WaitForPlaceAsync(CancellationToken cancellationToken) =>
        _places is null ? ValueTask.CompletedTask : new ValueTask(_places.WaitAsync(cancellationToken));

    public void Release() => _places?.Release();
}

/// <summary>The socket transport, with every listener it binds behind the gate.</summary>
internal sealed class GatedSocketTransportFactory(
    IOptions<SocketTransportOptions> options,
    ILoggerFactory loggers,
    InboundConnectionGate gate) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketTransportFactory _sockets = new(options, loggers);

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new GatedListener(await _sockets.BindAsync(endpoint, cancellationToken), gate);

    public bool CanBind(EndPoint endpoint) => _sockets.CanBind(endpoint);

    private sealed class GatedListener(IConnectionListener inner, InboundConnectionGate gate) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            // A place first, then the accept: a connection the process has no place for stays in the kernel's queue.
            await gate.WaitForPlaceAsync(cancellationToken);
            ConnectionContext? connection;
            try
            {
                connection = await inner.AcceptAsync(cancellationToken);
            }
            catch
            {
                gate.Release();
                throw;
            }

            if (connection is null)
            {
                // Unbound: no more connections.
                gate.Release();
                return null;
            }

            return new GatedConnection(connection, gate);
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>The accepted connection as it is; its place is given back once, when Kestrel disposes it.</summary>
    private sealed class GatedConnection(ConnectionContext inner, InboundConnectionGate gate) : ConnectionContext
    {
        private int _released;

        public override string ConnectionId { get => inner.ConnectionId; set => inner.ConnectionId = value; }

        public override IFeatureCollection Features => inner.Features;

        public override IDictionary<object, object?> Items { get => inner.Items; set => inner.Items = value; }

        public override IDuplexPipe Transport { get => inner.Transport; set => inner.Transport = value; }

        public override EndPoint? LocalEndPoint { get => inner.LocalEndPoint; set => inner.LocalEndPoint = value; }

        public override EndPoint? RemoteEndPoint { get => inner.RemoteEndPoint; set => inner.RemoteEndPoint = value; }

        public override CancellationToken ConnectionClosed { get => inner.ConnectionClosed; set => inner.ConnectionClosed = value; }

        public override void Abort(ConnectionAbortedException abortReason) => inner.Abort(abortReason);

        public override void Abort() => inner.Abort();

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
                await base.DisposeAsync();
            }
            finally
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    gate.Release();
                }
            }
        }
    }
}
