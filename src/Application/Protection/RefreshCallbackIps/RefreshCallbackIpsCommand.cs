using System.ComponentModel;
using MediatR;

namespace WeChatGpt.Application.Protection.RefreshCallbackIps;

/// <summary>Fetches WeChat's callback addresses for the source-IP allow-list (a recurring job when <c>WeChat:VerifySourceIp</c> is on).</summary>
[DisplayName("Callback IP refresh")]
public sealed record RefreshCallbackIpsCommand : IRequest;
