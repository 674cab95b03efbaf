using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Deliveries held open in this process, each one socket. Beyond <see cref="WeChatOptions.MaxWaitingDeliveries"/>
/// a delivery of a question still being answered is not held: it gets <c>Texts:Crowded</c> at once (the answer
/// comes on "继续"), so that the process never runs out of sockets and no follower meets WeChat's failure notice
/// because their connection could not even be accepted.
/// </summary>
public sealed class WaitingDeliveries(IOptions<WeChatOptions> weChat)
{
    /// <summary>Used when nothing derived a limit (outside the host).</summary>
    public const int DefaultLimit = 10_000;

    private int _count;

    public int Limit { get; } = weChat.Value.MaxWaitingDeliveries > 0 ? weChat.Value.MaxWaitingDeliveries : DefaultLimit;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Nine tenths of the limit held: replies then close their connections (the socket is freed at once).</summary>
    public bool UnderPressure => Count >= Limit - (Limit / 10);

    /// <summary>Counts a delivery held open until the result is disposed; <see cref="Hold.Allowed"/> is false beyond the limit.</summary>
    public Hold Enter() => new(this, Interlocked.Increment(ref _count) <= Limit);

    public sealed class Hold(WaitingDeliveries gauge, bool allowed) : IDisposable
    {
        private int _left;

        public bool Allowed { get; } = allowed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                Interlocked.Decrement(ref gauge._count);
            }
        }
    }
}
