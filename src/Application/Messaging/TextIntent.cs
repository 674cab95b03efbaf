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

    /// <summary>"画 …": an image to draw from <paramref name="Prompt"/> (<c>Images:Enabled</c>).</summary>
    public sealed record Draw(string Prompt) : TextIntent;

    /// <summary>A question with a banned word, refused before keywords and the model (<c>Texts:Moderated</c>).</summary>
    public sealed record Moderated(string Reply) : TextIntent;
}

/// <summary>
/// Classifies a text in the order followers expect: commands and "继续" first, then the sensitive-word filter, then
/// the owner's keyword replies, then what the model cannot take (too long, empty), then a question.
/// </summary>
public sealed class TextIntents(
    FollowerCommands commands,
    ContentFilter filter,
    KeywordReplies keywords,
    IOptionsMonitor<ChatOptions> chat,
    IOptionsMonitor<TextsOptions> texts,
    IOptionsMonitor<CommandOptions> commandWords,
    IOptionsMonitor<Pictures.ImagesOptions> images)
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

        if (images.CurrentValue.Enabled && DrawPrompt(text, commandWords.CurrentValue.Draw) is { } prompt)
        {
            return prompt.Length == 0 ? new TextIntent.Canned(texts.CurrentValue.DrawWhat) : new TextIntent.Draw(prompt);
        }

        return text.Length == 0 ? new TextIntent.Canned(texts.CurrentValue.Unsupported) : new TextIntent.Question(text);
    }

    /// <summary>
    /// What to draw, when <paramref name="text"/> starts with one of <paramref name="prefixes"/> (the longest that
    /// matches, without case): empty when nothing follows it; null when it is no drawing. A one-character prefix
    /// needs a space or colon after it ("画 猫", not "画家是谁"); none is followed by a letter or digit ("/drawing").
    /// </summary>
    public static string? DrawPrompt(string text, IEnumerable<string> prefixes)
    {
        foreach (var prefix in prefixes.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).OrderByDescending(p => p.Length))
        {
            if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = text[prefix.Length..];
            if (rest.Length == 0)
            {
                return string.Empty;
            }

            var separated = char.IsWhiteSpace(rest[0]) || rest[0] is ':' or '：' or ',' or '，';
            if (!separated && (prefix.Length == 1 || char.IsAsciiLetterOrDigit(rest[0])))
            {
                continue;
            }

            return rest.TrimStart(' ', '\t', '\u3000', ':', '：', ',', '，').Trim();
        }

        return null;
    }

    /// <summary>The reply of an intent answered at once (a command is carried out here); null for "继续" and questions.</summary>
    public async Task<string?> ImmediateReplyAsync(string openId, TextIntent intent, CancellationToken cancellationToken) => intent switch
    {
        TextIntent.Command command => await commands.ExecuteAsync(openId, command.Value, cancellationToken),
        TextIntent.Canned canned => canned.Reply,
        TextIntent.Moderated moderated => moderated.Reply,
        TextIntent.Draw => texts.CurrentValue.DrawNotHere,
        _ => null,
    };
}
