using MediatR;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Application.Admin.PublishMenu;

/// <summary>Publishes the custom menu, replacing the current one (it reaches followers within minutes).</summary>
public sealed record PublishMenuCommand(IReadOnlyList<MenuButton> Buttons) : IRequest;
