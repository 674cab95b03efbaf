using MediatR;
using WeChatGpt.Application.Common.Interfaces;

namespace WeChatGpt.Application.Conversations.SendTestMessage;

/// <summary>
/// A text message from a (test) follower through the same path as WeChat's, without the 5-second
/// window: waits for the full answer. For API consumers.
/// </summary>
public sealed record SendTestMessageCommand(string OpenId, string Text) : IRequest<TestReply>, IHasTimeout
{
    /// <summary>The inner question has its own absolute timeout (<c>Chat:AnswerTimeout</c>).</summary>
    public TimeSpan Timeout => System.Threading.Timeout.InfiniteTimeSpan;
}

/// <param name="Reply">The whole answer (plain text as the follower would read it), or the command's reply.</param>
/// <param name="Parts">How many WeChat messages it makes.</param>
public sealed record TestReply(string Reply, int Parts);
