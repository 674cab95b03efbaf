using MediatR;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Conversations.AnswerQuestion;
using WeChatGpt.Application.Conversations.Continue;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Application.Followers;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Conversations.SendTestMessage;

internal sealed class SendTestMessageCommandHandler(
    IMediator mediator,
    IFollowerStore followers,
    FollowerCommands commands,
    ContinueService continues,
    IReplyCoordinator coordinator,
    ReplyComposer composer,
    IOptionsMonitor<ChatOptions> chat,
    TimeProvider clock)
    : RequestHandlerBase<SendTestMessageCommand, TestReply>
{
    protected override async Task<TestReply> HandleAsync(SendTestMessageCommand request, CancellationToken cancellationToken)
    {
        await followers.TouchAsync(request.OpenId, clock.GetUtcNow(), cancellationToken);
        var key = MessageKey.ForApi(Guid.NewGuid());
        var command = await commands.ParseAsync(request.Text, cancellationToken);
        if (command?.Kind == FollowerCommandKind.Continue)
        {
            var outcome = await continues.NextAsync(request.OpenId, key, cancellationToken);
            if (outcome is ContinueOutcome.Generating generating)
            {
                await coordinator.WaitForEndAsync(generating.Source, cancellationToken);
                outcome = await continues.NextAsync(request.OpenId, key, cancellationToken);
            }

            var part = (ContinueOutcome.Part)outcome;
            return new TestReply(part.Text, 1);
        }

        if (command is not null)
        {
            return new TestReply(await commands.ExecuteAsync(request.OpenId, command, cancellationToken), 1);
        }

        var answer = await mediator.Send(
            new AnswerQuestionCommand(request.OpenId, request.Text.Trim(), key, Stream: false, chat.CurrentValue.AnswerTimeout),
            cancellationToken);
        var text = MarkdownText.ToPlain(answer.Text).Trim();
        return new TestReply(text, Math.Max(1, composer.CountParts(text)));
    }
}
