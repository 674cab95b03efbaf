using MediatR;

namespace WeChatGpt.Application.Admin.ListKeywords;

public sealed record ListKeywordsQuery : IRequest<IReadOnlyList<KeywordDto>>;
