using MediatR;

namespace WeChatGpt.Application.Admin.DeleteMenu;

/// <summary>Removes the custom menu.</summary>
public sealed record DeleteMenuCommand : IRequest;
