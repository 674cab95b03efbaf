using MediatR;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Messaging.ContinueAnswer;

/// <summary>The background work of a "继续" message on WeChat: settles its reply with the next part of the follower's answer.</summary>
public sealed record ContinueAnswerCommand(MessageKey Key, string OpenId) : IRequest, IHasTimeout
{
    /// <summary>It may wait for a running answer, which has its own limit (<c>Chat:AnswerTimeout</c>).</summary>
    public TimeSpan Timeout => System.Threading.Timeout.InfiniteTimeSpan;
}
