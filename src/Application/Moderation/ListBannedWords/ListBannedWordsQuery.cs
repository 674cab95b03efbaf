using MediatR;

namespace WeChatGpt.Application.Moderation.ListBannedWords;

/// <summary>The banned words: the admin's (removable) and the configured ones with where they come from.</summary>
public sealed record ListBannedWordsQuery : IRequest<BannedWordsDto>;

/// <param name="Managed">Added through the admin API (can be removed there).</param>
/// <param name="Configured">From <c>Moderation:Words</c> and <c>Moderation:WordsFile</c> (change them there).</param>
/// <param name="Total">Distinct words the filter matches.</param>
public sealed record BannedWordsDto(IReadOnlyList<string> Managed, int Configured, int Total);
