using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Application.Voice;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.AnswerMessage;

/// <summary>
/// The voice side of an answer: a follower's voice heard in their language, and an answer spoken back. Synthesis
/// is part of the answer's work: until the voice is ready, a last delivery gets its text version instead.
/// </summary>
public sealed class SpokenAnswers(
    VoiceService voice,
    IConversationStore conversations,
    ITemplateStore templates,
    IMediaStore media,
    ReplyComposer composer,
    AnswerSettlements settlements,
    Admin.FailureReporter failures,
    IOptionsMonitor<TextsOptions> texts,
    TimeProvider clock,
    ILogger<SpokenAnswers> logger)
{
    private const string DefaultLanguage = "zh-CN";

    public bool CanSpeak => voice.CanSpeak;

    /// <summary>The transcript of a follower's voice, in their template's language (English practice), else Chinese.</summary>
    public async Task<string> TranscribeAsync(string openId, string mediaId, string? format, CancellationToken cancellationToken)
    {
        var conversation = await conversations.GetOpenAsync(openId, clock.GetUtcNow(), cancellationToken);
        var template = conversation.TemplateId is { } id ? await templates.FindAsync(id, cancellationToken) : null;
        return await voice.TranscribeAsync(mediaId, format, template?.Language ?? DefaultLanguage, cancellationToken);
    }

    /// <summary>
    /// How <paramref name="answer"/> finishes as a voice reply of <paramref name="text"/>. Its text version (with a
    /// note) is the fallback a last delivery gets if the voice is not ready in time, and the reply if synthesis fails.
    /// </summary>
    /// <param name="language">The answer's template language, or null to tell it from the text.</param>
    /// <param name="earlier">A note that an earlier answer waits for "继续", if one does.</param>
    internal async Task<Finish> SpeakAsync(Answer answer, string text, string? language, string? earlier, CancellationToken cancellationToken)
    {
        var note = earlier is null ? texts.CurrentValue.VoiceNotReady : texts.CurrentValue.VoiceNotReady + "\n" + earlier;
        var first = composer.First(text, note);
        answer.TextComplete(Reply.Text(first.Message), first.Rest);

        SpokenReply spoken;
        try
        {
            spoken = await voice.SpeakAsync(answer.OpenId, text, language ?? SpokenText.DetectLanguage(text), cancellationToken);
        }
        catch (Exception ex)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Voice reply to {Key} stopped by shutdown; answering in text", answer.Key);
            }
            else
            {
                logger.LogWarning("Voice reply to {Key} failed ({ErrorType}: {Error}); answering in text", answer.Key, ex.GetType().Name, ex.Message);
                failures.Report(answer.OpenId, Domain.Operations.FailureKinds.Voice, (ex as HttpRequestException)?.StatusCode is { } status ? (int)status : null, $"The voice reply could not be made ({ex.GetType().Name}); the answer went out as text.", answer.Question);
            }

            return new Finish(a => settlements.Answered(a, text, first));
        }

        return new Finish(a => settlements.Spoken(a, text, new VoiceReply(spoken.MediaId), spoken.Truncated), spoken.MediaId);
    }

    /// <summary>
    /// A voice reply is settled: delivered — or, when its text went out instead, no longer needed. Either way
    /// permanent material is deleted after the grace period, never left on WeChat.
    /// </summary>
    public Task DoneWithAsync(string mediaId) => media.MarkDeliveredAsync(mediaId, clock.GetUtcNow(), CancellationToken.None);
}
