using WeChatGpt.Domain.Admin;

namespace WeChatGpt.Application.Admin;

public sealed record KeywordDto(long Id, string Keyword, KeywordMatch Match, string Reply, bool Enabled)
{
    public static KeywordDto From(KeywordReply rule) => new(rule.Id, rule.Keyword, rule.Match, rule.Reply, rule.Enabled);
}
