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
    IContinuationStore continuations,
    ReplyComposer composer,
    IOptionsMonitor<ChatOptions> chat,
    TimeProvider clock)
    : RequestHandlerBase<SendApiMessageCommand, ApiReply>
{
    protected override async Task<ApiReply> HandleAsync(SendApiMessageCommand request, CancellationToken cancellationToken)
    {
        await followers.TouchAsync(request.OpenId, clock.GetUtcNow(), cancellationToken);
        var key = MessageKey.ForApi(Guid.NewGuid());
        var intent = await intents.ClassifyAsync(request.Text, cancellationToken);
        switch (intent)
        {
            case TextIntent.Continue:
                var reply = string.Empty;
                await continues.ContinueAsync(
                    request.OpenId,
                    key,
                    async (part, take) =>
                    {
                        // No window and no ledger row: the take is the whole transaction.
                        if (take is not null && !await continuations.TakeAsync(take, CancellationToken.None))
                        {
                            return false;
                        }

                        reply = part;
                        return true;
                    },
                    () => Task.FromResult(false),
                    cancellationToken);
                return new ApiReply(reply, 1);
            case TextIntent.Question question:
                var answer = await mediator.Send(new AnswerQuestionCommand(request.OpenId, question.Text, key, chat.CurrentValue.AnswerTimeout), cancellationToken);
                var text = MarkdownText.ToPlain(answer.Text).Trim();
                return new ApiReply(text, Math.Max(1, composer.CountParts(text)));
            default:
                return new ApiReply((await intents.ImmediateReplyAsync(request.OpenId, intent, cancellationToken))!, 1);
        }
    }
}
