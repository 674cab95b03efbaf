using MediatR;
using WeChatGpt.Application.Common.Interfaces;

namespace WeChatGpt.Application.Messaging.SendApiMessage;

/// <summary>
/// A text message from a follower through the consumer API (<c>POST /api/followers/{openId}/messages</c>): the
/// same path as WeChat's — commands, "继续", the owner's keyword replies, history, templates, throttling — but
/// without the 5-second window: it waits for the whole answer.
/// </summary>
public sealed record SendApiMessageCommand(string OpenId, string Text) : IRequest<ApiReply>, IHasTimeout
{
    /// <summary>The inner question has its own absolute timeout (<c>Chat:AnswerTimeout</c>).</summary>
    public TimeSpan Timeout => System.Threading.Timeout.InfiniteTimeSpan;
}

/// <param name="Reply">The whole answer (plain text as the follower would read it), or the command's reply.</param>
/// <param name="Parts">How many WeChat messages it makes.</param>
public sealed record ApiReply(string Reply, int Parts);
