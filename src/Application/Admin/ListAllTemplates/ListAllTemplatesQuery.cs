using MediatR;

namespace WeChatGpt.Application.Admin.ListAllTemplates;

/// <summary>Every template, disabled ones included.</summary>
public sealed record ListAllTemplatesQuery : IRequest<IReadOnlyList<TemplateDto>>;
