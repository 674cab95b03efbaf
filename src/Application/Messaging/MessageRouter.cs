using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Followers;
using WeChatGpt.Application.Messaging.Work;
using WeChatGpt.Application.Voice;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.Application.Messaging;

/// <summary>
/// Decides what the first delivery of a message means: a reply right away (events, commands, types the
/// assistant cannot use), or work started in the background (a question, a "继续").
/// </summary>
public sealed class MessageRouter(
    IFollowerStore followers,
    IConversationStore conversations,
    IContinuationStore continuations,
    FollowerCommands commands,
    KeywordReplies keywords,
    IReplyCoordinator coordinator,
    IAnswerRunner runner,
    VoiceService voice,
    IOptionsMonitor<TextsOptions> texts,
    IOptionsMonitor<ChatOptions> chat,
    TimeProvider clock)
{
    /// <returns>The reply, or null when work was started for the message's key.</returns>
    public async Task<RoutedReply?> RouteAsync(IncomingMessage message)
    {
        // Routing is short and never cancelled by WeChat hanging up: its effects must be kept.
        var none = CancellationToken.None;
        var now = clock.GetUtcNow();
        switch (message)
        {
            case SubscribeEvent subscribe:
                await followers.SubscribedAsync(message.OpenId, subscribe.Scene, now, none);
                return Fixed(texts.CurrentValue.Welcome);
            case UnsubscribeEvent:
                // WeChat asks developers to delete a follower's data when they unfollow.
                await followers.UnsubscribedAsync(message.OpenId, now, none);
                await continuations.DeleteAllAsync(message.OpenId, none);
                await conversations.DeleteAllAsync(message.OpenId, none);
                return new RoutedReply(Reply.None, ReplyOutcome.Fixed);
            case TextMessage text:
                var settings = await followers.TouchAsync(message.OpenId, now, none);
                return await RouteTextAsync(message.Key, message.OpenId, text.Content, speak: settings.VoiceReplies);
            case VoiceMessage { Recognition: { } recognition } when recognition.Trim().Length > 0:
                // WeChat's recognition is used when it comes (it is being retired: never relied on).
                await followers.TouchAsync(message.OpenId, now, none);
                return await RouteTextAsync(message.Key, message.OpenId, recognition, speak: true);
            case VoiceMessage spoken:
                await followers.TouchAsync(message.OpenId, now, none);
                if (!voice.CanTranscribe || string.IsNullOrEmpty(spoken.MediaId))
                {
                    return Fixed(texts.CurrentValue.VoiceInputUnavailable);
                }

                coordinator.OpenStream(message.Key);
                var heard = new QuestionRequest(message.Key, message.OpenId, Question: null, spoken.MediaId, spoken.Format, Speak: true);
                runner.Run("voice question", (services, token) => services.GetRequiredService<QuestionWork>().RunAsync(heard, token));
                return null;
            case MenuClickEvent click:
                await followers.TouchAsync(message.OpenId, now, none);
                return Fixed(await keywords.ForMenuKeyAsync(click.EventKey, none) ?? texts.CurrentValue.Unsupported);
            case ImageMessage or VideoMessage or LocationMessage or LinkMessage:
                await followers.TouchAsync(message.OpenId, now, none);
                return Fixed(texts.CurrentValue.Unsupported);
            default:
                // SCAN, LOCATION reports, VIEW and unknown types have no meaning for the assistant.
                return new RoutedReply(Reply.None, ReplyOutcome.Fixed);
        }
    }

    private async Task<RoutedReply?> RouteTextAsync(MessageKey key, string openId, string content, bool speak)
    {
        var text = content.Trim();
        var command = await commands.ParseAsync(text, CancellationToken.None);
        if (command?.Kind == FollowerCommandKind.Continue)
        {
            runner.Run("continue", (services, token) => services.GetRequiredService<ContinueWork>().RunAsync(key, openId, token));
            return null;
        }

        if (command is not null)
        {
            return Fixed(await commands.ExecuteAsync(openId, command, CancellationToken.None));
        }

        // The owner's keyword replies come before the model.
        if (await keywords.ForTextAsync(text, CancellationToken.None) is { } keywordReply)
        {
            return Fixed(keywordReply);
        }

        if (text.Length > chat.CurrentValue.MaxQuestionChars)
        {
            return Fixed(texts.CurrentValue.QuestionTooLong);
        }

        if (text.Length == 0)
        {
            return Fixed(texts.CurrentValue.Unsupported);
        }

        coordinator.OpenStream(key);
        var request = new QuestionRequest(key, openId, text, Speak: speak);
        runner.Run("question", (services, token) => services.GetRequiredService<QuestionWork>().RunAsync(request, token));
        return null;
    }

    private static RoutedReply Fixed(string text) => new(Reply.Text(text), ReplyOutcome.Fixed);
}

/// <summary>A reply decided at once, with what it is.</summary>
public sealed record RoutedReply(Reply Reply, ReplyOutcome Outcome);
