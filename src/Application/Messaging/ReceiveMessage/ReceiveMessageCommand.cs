using MediatR;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.ReceiveMessage;

/// <summary>
/// One delivery of an inbound message by WeChat. The token given to <c>Send</c> is the HTTP request's:
/// it fires when WeChat drops the connection.
/// </summary>
/// <param name="ReceivedAt">When the delivery reached us; the reply deadline counts from here.</param>
/// <param name="Query">A fingerprint of the push's signed query: it carries this message only.</param>
public sealed record ReceiveMessageCommand(IncomingMessage Message, DateTimeOffset ReceivedAt, string? Query = null) : IRequest<Reply>, IHasTimeout
{
    /// <summary>
    /// Whether WeChat has hung up on this delivery as the connection's socket says now — on a machine crushed by a
    /// crowd, seconds before the token fires. Checked before the last delivery cuts or settles a reply for it: what it
    /// took would go to no one. Null: the token alone.
    /// </summary>
    public Func<bool>? ClientGone { get; init; }

    /// <summary>A safety net well past WeChat's 5-second window; the handler's own deadlines end it sooner.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(30);
}
