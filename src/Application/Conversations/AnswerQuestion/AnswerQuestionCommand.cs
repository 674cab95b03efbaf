using MediatR;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Conversations.AnswerQuestion;

/// <summary>
/// Asks the model one question of a follower, with their conversation's history, and stores the answered
/// turn. Throttled per follower (rate limit, one question at a time).
/// </summary>
/// <param name="Key">The message the question came in (the turn's unique key).</param>
/// <param name="Timeout">Absolute limit of the generation.</param>
public sealed record AnswerQuestionCommand(string OpenId, string Question, MessageKey Key, TimeSpan Timeout)
    : IRequest<Answer>, IThrottled, IHasTimeout
{
    public string ThrottleKey => OpenId;

    /// <summary>Where the text goes as it streams (the answer in flight of the reply window); null: nobody reads it early.</summary>
    public IAnswerSink? Into { get; init; }

    /// <summary>The follower's photo the question is about (stored already), if it is one.</summary>
    public QuestionPicture? Picture { get; init; }
}

/// <summary>A stored photo (its id) and the bytes the model is given.</summary>
public sealed record QuestionPicture(long Id, ChatPicture Content);

/// <param name="Text">The answer as the model wrote it.</param>
/// <param name="Language">The language of the answer's template (e.g. <c>en-US</c>), or null outside templates.</param>
public sealed record Answer(string Text, string? Language);
