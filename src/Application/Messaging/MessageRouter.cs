using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Followers;
using WeChatGpt.Application.Messaging.AnswerMessage;
using WeChatGpt.Application.Messaging.ContinueAnswer;
using WeChatGpt.Application.Pictures;
using WeChatGpt.Application.Voice;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Decides what the first delivery of a message means: a reply right away (events, commands, keyword replies,
/// types the assistant cannot use), or work started in the background (a question's answer, a "继续").
/// </summary>
public sealed class MessageRouter(
    IFollowerStore followers,
    IConversationStore conversations,
    IContinuationStore continuations,
    TextIntents intents,
    KeywordReplies keywords,
    IAnswers answers,
    IAnswerRunner runner,
    VoiceService voice,
    IOptionsMonitor<TextsOptions> texts,
    IOptionsMonitor<VisionOptions> vision,
    TimeProvider clock)
{
    /// <returns>The reply, or null when work was started for the message.</returns>
    /// <param name="deadline">The delivery's: a write that cannot run before it (storage busy) is given up, and nothing is started.</param>
    public async Task<RoutedReply?> RouteAsync(IncomingMessage message, CancellationToken deadline)
    {
        // Routing is short and never cancelled by WeChat hanging up (its effects must be kept): by the deadline only.
        var now = clock.GetUtcNow();
        switch (message)
        {
            case SubscribeEvent subscribe:
                await followers.SubscribedAsync(message.OpenId, subscribe.Scene, now, deadline);
                return Canned(texts.CurrentValue.Welcome);
            case UnsubscribeEvent:
                // WeChat asks developers to delete a follower's data when they unfollow.
                await followers.UnsubscribedAsync(message.OpenId, now, deadline);
                await continuations.DeleteAllAsync(message.OpenId, deadline);
                await conversations.DeleteAllAsync(message.OpenId, deadline);
                return new RoutedReply(Reply.None, ReplyOutcome.Canned);
            case TextMessage text:
                var settings = await followers.TouchAsync(message.OpenId, now, deadline);
                return await RouteTextAsync(message.Key, message.OpenId, text.Content, speak: settings.VoiceReplies, deadline);
            case VoiceMessage { Recognition: { } recognition } when recognition.Trim().Length > 0:
                // WeChat's recognition is used when it comes (it is being retired: never relied on).
                await followers.TouchAsync(message.OpenId, now, deadline);
                return await RouteTextAsync(message.Key, message.OpenId, recognition, speak: true, deadline);
            case VoiceMessage spoken:
                await followers.TouchAsync(message.OpenId, now, deadline);
                if (!voice.CanTranscribe || string.IsNullOrEmpty(spoken.MediaId))
                {
                    return Canned(texts.CurrentValue.VoiceInputUnavailable);
                }

                // The transcript is classified like typed text once it is heard (AnswerMessageCommand).
                runner.Run(new AnswerMessageCommand(answers.Start(message.Key, message.OpenId, question: string.Empty), spoken.MediaId, spoken.Format, Speak: true));
                return null;
            case MenuClickEvent click:
                await followers.TouchAsync(message.OpenId, now, deadline);
                return Canned(await keywords.ForMenuKeyAsync(click.EventKey, deadline) ?? texts.CurrentValue.Unsupported);
            case ImageMessage image when vision.CurrentValue.Enabled:
                var looking = await followers.TouchAsync(message.OpenId, now, deadline);
                if (string.IsNullOrWhiteSpace(image.MediaId) && string.IsNullOrWhiteSpace(image.PicUrl))
                {
                    return Canned(texts.CurrentValue.PictureInvalid);
                }

                // Looked at in the background (fetched, checked, scaled), answered through the window like a question.
                runner.Run(new AnswerMessageCommand(answers.Start(message.Key, message.OpenId, vision.CurrentValue.Question), Speak: looking.VoiceReplies)
                {
                    Photo = new PhotoSource(image.MediaId, image.PicUrl),
                });
                return null;
            case ImageMessage or VideoMessage or LocationMessage or LinkMessage:
                await followers.TouchAsync(message.OpenId, now, deadline);
                return Canned(texts.CurrentValue.Unsupported);
            default:
                // SCAN, LOCATION reports, VIEW and unknown types have no meaning for the assistant.
                return new RoutedReply(Reply.None, ReplyOutcome.Canned);
        }
    }

    private async Task<RoutedReply?> RouteTextAsync(MessageKey key, string openId, string content, bool speak, CancellationToken deadline)
    {
        var intent = await intents.ClassifyAsync(content, deadline);
        switch (intent)
        {
            case TextIntent.Continue:
                runner.Run(new ContinueAnswerCommand(key, openId));
                return null;
            case TextIntent.Question question:
                runner.Run(new AnswerMessageCommand(answers.Start(key, openId, question.Text), Speak: speak));
                return null;
            case TextIntent.Draw draw:
                var drawing = answers.Start(key, openId, content.Trim());
                drawing.Drawing = true;
                runner.Run(new AnswerMessageCommand(drawing) { Draw = draw.Prompt });
                return null;
            case TextIntent.Moderated moderated:
                return new RoutedReply(Reply.Text(moderated.Reply), ReplyOutcome.Moderated);
            default:
                return Canned((await intents.ImmediateReplyAsync(openId, intent, deadline))!);
        }
    }

    private static RoutedReply Canned(string text) => new(Reply.Text(text), ReplyOutcome.Canned);
}

/// <summary>A reply decided at once, with what it is.</summary>
public sealed record RoutedReply(Reply Reply, ReplyOutcome Outcome);
