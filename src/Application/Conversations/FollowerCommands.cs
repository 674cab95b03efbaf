using System.Text;
using MediatR;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Conversations.ResetConversation;
using WeChatGpt.Application.Conversations.SetVoiceReplies;
using WeChatGpt.Application.Conversations.StartTemplate;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.Application.Conversations;

/// <summary>Recognises and carries out follower commands (all but "继续", which may wait for an answer).</summary>
public sealed class FollowerCommands(IMediator mediator, ITemplateStore templates, IOptionsMonitor<CommandOptions> words, IOptionsMonitor<TextsOptions> texts)
{
    public async Task<FollowerCommand?> ParseAsync(string text, CancellationToken cancellationToken)
    {
        var triggers = (await templates.ListEnabledAsync(cancellationToken)).Select(t => t.Trigger);
        return FollowerCommandParser.Parse(text, words.CurrentValue, triggers);
    }

    /// <returns>The text the follower reads.</returns>
    public async Task<string> ExecuteAsync(string openId, FollowerCommand command, CancellationToken cancellationToken)
    {
        var t = texts.CurrentValue;
        switch (command.Kind)
        {
            case FollowerCommandKind.Help:
                return t.Help.Replace("{templates}", await TemplateListAsync(cancellationToken), StringComparison.Ordinal).TrimEnd();
            case FollowerCommandKind.Reset:
                await mediator.Send(new ResetConversationCommand(openId), cancellationToken);
                return t.ResetDone;
            case FollowerCommandKind.VoiceOn or FollowerCommandKind.VoiceOff:
                var on = command.Kind == FollowerCommandKind.VoiceOn;
                await mediator.Send(new SetVoiceRepliesCommand(openId, on), cancellationToken);
                return on ? t.VoiceOn : t.VoiceOff;
            case FollowerCommandKind.ListTemplates:
                return await TemplateListAsync(cancellationToken) is { Length: > 0 } list ? list : t.NoTemplates;
            case FollowerCommandKind.StartTemplate:
                var template = await mediator.Send(new StartTemplateCommand(openId, command.Argument, command.Topic), cancellationToken);
                return t.TemplateStarted
                    .Replace("{name}", template!.Name, StringComparison.Ordinal)
                    .Replace("{topic}", command.Topic ?? template.DefaultTopic ?? "-", StringComparison.Ordinal)
                    .Replace("{description}", template.Description ?? string.Empty, StringComparison.Ordinal);
            case FollowerCommandKind.ExitTemplate:
                await mediator.Send(new StartTemplateCommand(openId, null, null), cancellationToken);
                return t.TemplateExited;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "Continue is not an immediate command.");
        }
    }

    private async Task<string> TemplateListAsync(CancellationToken cancellationToken)
    {
        var list = await templates.ListEnabledAsync(cancellationToken);
        if (list.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder(texts.CurrentValue.TemplatesHeader);
        foreach (var template in list)
        {
            text.Append("\n• ").Append(template.Trigger).Append(" — ").Append(template.Name);
            if (!string.IsNullOrWhiteSpace(template.Description))
            {
                text.Append('：').Append(template.Description);
            }
        }

        return text.ToString();
    }
}
