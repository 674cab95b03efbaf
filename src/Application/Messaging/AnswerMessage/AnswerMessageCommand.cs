using MediatR;
using WeChatGpt.Application.Common.Interfaces;

namespace WeChatGpt.Application.Messaging.AnswerMessage;

/// <summary>
/// The background work of a question's first delivery, detached from WeChat's requests: transcribes it when it
/// came as voice, asks the model (streaming into <paramref name="Answer"/>), and finishes the answer — as text
/// or as voice.
/// </summary>
/// <param name="VoiceMediaId">The follower's voice to transcribe first (no WeChat recognition).</param>
/// <param name="Speak">Answer by voice (the follower spoke, or turned voice replies on).</param>
public sealed record AnswerMessageCommand(Answer Answer, string? VoiceMediaId = null, string? VoiceFormat = null, bool Speak = false) : IRequest, IHasTimeout
{
    /// <summary>The model call has its own absolute limit (<c>Chat:AnswerTimeout</c>); transcription and synthesis theirs.</summary>
    public TimeSpan Timeout => System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>The follower's photo the question is about (fetched, checked and kept first).</summary>
    public PhotoSource? Photo { get; init; }

    /// <summary>Draw an image from this prompt instead of asking the chat model ("画 …").</summary>
    public string? Draw { get; init; }
}

/// <summary>Where a follower's photo is: its temporary media, or its <c>PicUrl</c> on WeChat's hosts.</summary>
public sealed record PhotoSource(string? MediaId, string? PicUrl);
