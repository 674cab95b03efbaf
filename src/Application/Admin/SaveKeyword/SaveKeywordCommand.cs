using MediatR;
using WeChatGpt.Domain.Admin;

namespace WeChatGpt.Application.Admin.SaveKeyword;

/// <summary>Adds a keyword reply (no <paramref name="Id"/>) or changes one.</summary>
public sealed record SaveKeywordCommand(long? Id, string Keyword, KeywordMatch Match, string Reply, bool Enabled) : IRequest<KeywordDto>;
