using MediatR;

namespace WeChatGpt.Application.Admin.DeleteKeyword;

public sealed record DeleteKeywordCommand(long Id) : IRequest;
