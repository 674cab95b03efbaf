using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Protection;
using WeChatGpt.Application.Protection.RefreshCallbackIps;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Infrastructure.Protection;

/// <summary>
/// With <c>WeChat:VerifySourceIp</c> on and no list stored yet (a first start), fetches WeChat's callback
/// addresses right away instead of waiting for the recurring job. In the background: start-up never waits
/// on WeChat.
/// </summary>
internal sealed class CallbackIpBootstrap(IServiceScopeFactory scopes, IOptions<WeChatOptions> weChat, ILogger<CallbackIpBootstrap> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!weChat.Value.VerifySourceIp)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if ((await scope.ServiceProvider.GetRequiredService<ICallbackIpStore>().GetAsync(stoppingToken)).Count > 0)
            {
                return;
            }

            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RefreshCallbackIpsCommand(), stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The handler has logged why; the recurring job tries again.
            logger.LogWarning("No callback IP list yet ({ErrorType}); POSTs to /wechat pass unchecked until one is fetched", ex.GetType().Name);
        }
    }
}
