using MediatR;

namespace WeChatGpt.Application.Admin.DeleteTemplate;

public sealed record DeleteTemplateCommand(string Id) : IRequest;
