using MediatR;

namespace WeChatGpt.Application.Admin.SaveTemplate;

/// <summary>Creates the template <see cref="Id"/> or replaces it.</summary>
public sealed record SaveTemplateCommand(string Id, string Name, string Trigger, string SystemPrompt, string Language, string? Description, string? DefaultTopic, bool Enabled, int SortOrder)
    : IRequest<TemplateDto>;
