using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Admin;

public sealed record TemplateDto(string Id, string Name, string Trigger, string SystemPrompt, string Language, string? Description, string? DefaultTopic, bool Enabled, int SortOrder)
{
    public static TemplateDto From(Template t) => new(t.Id, t.Name, t.Trigger, t.SystemPrompt, t.Language, t.Description, t.DefaultTopic, t.Enabled, t.SortOrder);
}
