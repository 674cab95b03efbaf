using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Protection.RefreshCallbackIps;

internal sealed class RefreshCallbackIpsCommandHandler(IWeChatApi api, ICallbackIpStore store, CallbackIpAllowList allowList, TimeProvider clock, ILogger<RefreshCallbackIpsCommandHandler> logger)
    : RequestHandlerBase<RefreshCallbackIpsCommand>
{
    protected override async Task HandleAsync(RefreshCallbackIpsCommand request, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ranges;
        try
        {
            ranges = await api.GetCallbackIpsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is WeChatApiException or HttpRequestException or InvalidOperationException)
        {
            // Never lock everyone out, never open everything silently: the last good list stays.
            logger.LogWarning("WeChat's callback IP list could not be fetched ({ErrorType}: {Error}); keeping the last good list", ex.GetType().Name, ex.Message);
            throw;
        }

        if (ranges.Count == 0)
        {
            logger.LogWarning("WeChat returned an empty callback IP list; keeping the last good list");
            return;
        }

        var usable = ranges.Where(r => CallbackIpAllowList.TryParseRange(r, out _)).ToList();
        if (usable.Count == 0)
        {
            logger.LogWarning("WeChat's callback IP list held no usable address; keeping the last good list");
            return;
        }

        await store.ReplaceAsync(usable, clock.GetUtcNow(), cancellationToken);
        allowList.Invalidate();
        logger.LogInformation("Callback IP allow-list refreshed: {Count} entries", usable.Count);
    }
}
