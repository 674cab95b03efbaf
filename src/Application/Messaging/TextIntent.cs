using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Moderation;

namespace WeChatGpt.Application.Messaging;

/// <summary>What a follower's text means, decided in one place for typed text, a voice's transcript and the consumer API.</summary>
public abstract record TextIntent
{
    /// <summary>A follower command (help, reset, voice on/off, templates), carried out at once.</summary>
    public sealed record Command(FollowerCommand Value) : TextIntent;

    /// <summary>"继续": the next part of an unfinished answer.</summary>
    public sealed record Continue : TextIntent;

    /// <summary>The owner's keyword reply, or a fixed text (too long, nothing to ask): no model call.</summary>
    public sealed record Canned(string Reply) : TextIntent;

    /// <summary>A question for the model.</summary>
    public sealed record Question(string Text) : TextIntent;

    /// <summary>A question with a banned word, refused before keywords and the model (<c>Texts:Moderated</c>).</summary>
    public sealed record Moderated(string Reply) : TextIntent;
}

/// <summary>
/// Classifies a text in the order followers expect: commands and "继续" first, then the sensitive-word filter, then
/// the owner's keyword replies, then what the model cannot take (too long, empty), then a question.
/// </summary>
public sealed class TextIntents(FollowerCommands commands, ContentFilter filter, KeywordReplies keywords, IOptionsMonitor<ChatOptions> chat, IOptionsMonitor<TextsOptions> texts)
{
    public async Task<TextIntent> ClassifyAsync(string content, CancellationToken cancellationToken)
    {
        var text = content.Trim();
        var command = await commands.ParseAsync(text, cancellationToken);
        if (command?.Kind == FollowerCommandKind.Continue)
        {
            return new TextIntent.Continue();
        }

        if (command is not null)
        {
            return new TextIntent.Command(command);
        }

        var check = await filter.CheckQuestionAsync(text, cancellationToken);
        if (check.Refused)
        {
            return new TextIntent.Moderated(texts.CurrentValue.Moderated);
        }

        text = check.Text;
        if (await keywords.ForTextAsync(text, cancellationToken) is { } keywordReply)
        {
            return new TextIntent.Canned(keywordReply);
        }

        if (text.Length > chat.CurrentValue.MaxQuestionChars)
        {
            return new TextIntent.Canned(texts.CurrentValue.QuestionTooLong);
        }

        return text.Length == 0 ? new TextIntent.Canned(texts.CurrentValue.Unsupported) : new TextIntent.Question(text);
    }

    /// <summary>The reply of an intent answered at once (a command is carried out here); null for "继续" and questions.</summary>
    public async Task<string?> ImmediateReplyAsync(string openId, TextIntent intent, CancellationToken cancellationToken) => intent switch
    {
        TextIntent.Command command => await commands.ExecuteAsync(openId, command.Value, cancellationToken),
        TextIntent.Canned canned => canned.Reply,
        TextIntent.Moderated moderated => moderated.Reply,
        _ => null,
    };
}
