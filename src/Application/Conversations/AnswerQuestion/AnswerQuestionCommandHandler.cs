using System.Text;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.Application.Conversations.AnswerQuestion;

internal sealed class AnswerQuestionCommandHandler(
    IConversationStore conversations,
    ITemplateStore templates,
    IChatModel model,
    IOptionsMonitor<ChatOptions> chat,
    IOptionsMonitor<AssistantOptions> assistant,
    IOptionsMonitor<TextsOptions> texts,
    IPromptPictures pictures,
    TimeProvider clock)
    : RequestHandlerBase<AnswerQuestionCommand, Answer>
{
    protected override async Task<Answer> HandleAsync(AnswerQuestionCommand request, CancellationToken cancellationToken)
    {
        var askedAt = clock.GetUtcNow();
        var settings = chat.CurrentValue;
        var conversation = await conversations.GetOpenAsync(request.OpenId, askedAt, cancellationToken);
        var template = conversation.TemplateId is { } templateId ? await templates.FindAsync(templateId, cancellationToken) : null;
        var systemPrompt = template?.PromptFor(conversation.Topic) ?? assistant.CurrentValue.SystemPrompt;
        var history = settings.HistoryTurns == 0
            ? []
            : await conversations.RecentTurnsAsync(conversation.Id, settings.HistoryTurns, cancellationToken);

        // Back after a long while: a fresh conversation (in the same template), and the reply says so once.
        var opening = string.Empty;
        if (settings.HistoryIdleExpiry > TimeSpan.Zero && history.Count > 0 && askedAt - history[^1].AnsweredAt > settings.HistoryIdleExpiry)
        {
            conversation = await conversations.StartAsync(request.OpenId, template, conversation.Topic, askedAt, cancellationToken);
            history = [];
            opening = texts.CurrentValue.ConversationExpired + "\n\n";
        }
        var carried = await pictures.CarriedAsync(history, cancellationToken);
        var prompt = PromptBuilder.Build(systemPrompt, history, request.Question, settings.HistoryTurns, settings.ContextTokens, request.Picture?.Content, carried, pictures.FollowUpTurns) with
        {
            CanStartOver = () => request.Into is not { HandedOut: true },
        };
        if (prompt.HasPictures && pictures.Model is { } visionModel)
        {
            prompt = prompt with { Model = visionModel };
        }

        var text = new StringBuilder();
        ChatUsage? used = null;
        request.Into?.Append(opening);
        await foreach (var delta in model.StreamAsync(prompt, cancellationToken))
        {
            used = delta.Usage ?? used;
            if (delta.Restart)
            {
                text.Clear();
                request.Into?.Restart();
                request.Into?.Append(opening);
                continue;
            }

            text.Append(delta.Text);
            request.Into?.Append(delta.Text);
        }

        var answer = text.ToString();
        if (answer.Trim().Length == 0)
        {
            throw new ChatModelException("The model returned an empty answer.");
        }

        var turn = conversation.Record(request.Key.Value, request.Question, answer, askedAt, clock.GetUtcNow());
        if (used is not null)
        {
            turn.WithUsage(used.PromptTokens, used.CompletionTokens, used.Estimated, used.Model);
        }

        if (request.Picture is { } picture)
        {
            turn.WithPicture(picture.Id, drawn: false);
        }

        await conversations.AddTurnAsync(turn, CancellationToken.None);
        return new Answer(opening + answer, template?.Language);
    }
}
