using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Deliveries held open in this process, each one socket. Beyond <see cref="WeChatOptions.MaxWaitingDeliveries"/>
/// a delivery of a question still being answered is not held: it gets <c>Texts:Crowded</c> at once (the answer
/// comes on "继续"), so that the process never runs out of sockets and no follower meets WeChat's failure notice
/// because their connection could not even be accepted.
/// A held delivery's socket is also looked at every <see cref="HangUpSweep"/>: a busy process learns of WeChat's
/// hang-up late (the server notices it in work queued behind the crowd: 9,858 deliveries of a 10,000-follower run were
/// held the whole 15 s after WeChat had gone), and meanwhile the delivery keeps its socket and its place here.
/// </summary>
public sealed class WaitingDeliveries(IOptions<WeChatOptions> weChat, TimeProvider? clock = null) : IDisposable
{
    /// <summary>Used when nothing derived a limit (outside the host).</summary>
    public const int DefaultLimit = 10_000;

    /// <summary>How often held deliveries' sockets are asked whether WeChat hung up.</summary>
    public static readonly TimeSpan HangUpSweep = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Hold, byte> _watched = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private ITimer? _sweeper;
    private int _sweeping;
    private int _count;

    public int Limit { get; } = weChat.Value.MaxWaitingDeliveries > 0 ? weChat.Value.MaxWaitingDeliveries : DefaultLimit;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Nine tenths of the limit held: replies then close their connections (the socket is freed at once).</summary>
    public bool UnderPressure => Count >= Limit - (Limit / 10);

    /// <summary>Counts a delivery held open until the result is disposed; <see cref="Hold.Allowed"/> is false beyond the limit.</summary>
    public Hold Enter() => Enter(null, CancellationToken.None);

    /// <summary>
    /// As <see cref="Enter()"/>; with <paramref name="clientGone"/> (the socket's own word), <see cref="Hold.Token"/> fires when WeChat hung up —
    /// by <paramref name="connection"/>, or by the socket if that says so first.
    /// </summary>
    public Hold Enter(Func<bool>? clientGone, CancellationToken connection)
    {
        var hold = new Hold(this, Interlocked.Increment(ref _count) <= Limit, clientGone, connection);
        if (clientGone is not null)
        {
            _watched.TryAdd(hold, 0);
            if (Volatile.Read(ref _sweeper) is null)
            {
                var timer = _clock.CreateTimer(_ => Sweep(), null, HangUpSweep, HangUpSweep);
                if (Interlocked.CompareExchange(ref _sweeper, timer, null) is not null)
                {
                    timer.Dispose();
                }
            }
        }

        return hold;
    }

    /// <summary>Ends the wait of every held delivery whose socket shows WeChat gone (one pass at a time).</summary>
    internal void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var hold in _watched.Keys)
            {
                if (hold.HungUp())
                {
                    _watched.TryRemove(hold, out _);
                    hold.End();
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    public void Dispose() => Interlocked.Exchange(ref _sweeper, null)?.Dispose();

    public sealed class Hold : IDisposable
    {
        private readonly WaitingDeliveries _gauge;
        private readonly Func<bool>? _clientGone;
        private readonly CancellationTokenSource? _gone;
        private int _left;

        internal Hold(WaitingDeliveries gauge, bool allowed, Func<bool>? clientGone, CancellationToken connection)
        {
            _gauge = gauge;
            Allowed = allowed;
            _clientGone = clientGone;
            _gone = clientGone is null ? null : CancellationTokenSource.CreateLinkedTokenSource(connection);
            Token = _gone?.Token ?? connection;
        }

        public bool Allowed { get; }

        /// <summary>Fires when WeChat hung up on the delivery.</summary>
        public CancellationToken Token { get; }

        internal bool HungUp()
        {
            if (Volatile.Read(ref _left) == 1)
            {
                return false;
            }

            try
            {
                return _clientGone!();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
            {
                // The request ended meanwhile: nothing is held any more.
                return false;
            }
        }

        internal void End()
        {
            try
            {
                // The waits it ends continue on the thread pool, not on the sweep.
                _ = _gone!.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: its delivery ended on its own.
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                Interlocked.Decrement(ref _gauge._count);
                if (_gone is not null)
                {
                    _gauge._watched.TryRemove(this, out _);
                    _gone.Dispose();
                }
            }
        }
    }
}
