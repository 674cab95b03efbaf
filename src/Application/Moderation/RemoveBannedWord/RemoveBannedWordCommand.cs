using MediatR;

namespace WeChatGpt.Application.Moderation.RemoveBannedWord;

public sealed record RemoveBannedWordCommand(string Word) : IRequest;
