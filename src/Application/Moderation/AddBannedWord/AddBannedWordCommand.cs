using MediatR;

namespace WeChatGpt.Application.Moderation.AddBannedWord;

/// <returns>False when the word was there already.</returns>
public sealed record AddBannedWordCommand(string Word) : IRequest<bool>;
