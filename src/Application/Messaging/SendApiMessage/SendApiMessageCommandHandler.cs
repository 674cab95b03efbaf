using MediatR;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Conversations.AnswerQuestion;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Application.Followers;
using WeChatGpt.Application.Messaging.ContinueAnswer;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Messaging.SendApiMessage;

internal sealed class SendApiMessageCommandHandler(
    IMediator mediator,
    IFollowerStore followers,
    TextIntents intents,
    ContinueService continues,
    ReplyComposer composer,
    FollowerText follower,
    DailyBudget budget,
    IOptionsMonitor<ChatOptions> chat,
    TimeProvider clock)
    : RequestHandlerBase<SendApiMessageCommand, ApiReply>
{
    protected override async Task<ApiReply> HandleAsync(SendApiMessageCommand request, CancellationToken cancellationToken)
    {
        await followers.TouchAsync(request.OpenId, clock.GetUtcNow(), cancellationToken);
        var intent = await intents.ClassifyAsync(request.Text, cancellationToken);
        switch (intent)
        {
            case TextIntent.Continue:
                return new ApiReply(await continues.NextForApiAsync(request.OpenId, cancellationToken), 1);
            case TextIntent.Question question:
                await budget.EnsureWithinAsync(request.OpenId, cancellationToken);
                var answer = await mediator.Send(new AnswerQuestionCommand(request.OpenId, question.Text, MessageKey.ForApi(Guid.NewGuid()), chat.CurrentValue.AnswerTimeout), cancellationToken);
                var text = follower.Of(answer.Text).Trim();
                return new ApiReply(text, Math.Max(1, composer.CountParts(text)));
            default:
                return new ApiReply((await intents.ImmediateReplyAsync(request.OpenId, intent, cancellationToken))!, 1);
        }
    }
}
