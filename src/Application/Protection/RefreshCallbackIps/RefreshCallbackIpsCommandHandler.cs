using MediatR;
using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Messaging;

namespace WeChatGpt.Application.Protection.RefreshCallbackIps;

internal sealed class RefreshCallbackIpsCommandHandler(IWeChatApi api, ICallbackIpStore store, TimeProvider clock, ILogger<RefreshCallbackIpsCommandHandler> logger)
    : AsyncRequestHandler<RefreshCallbackIpsCommand>
{
    protected override async Task Handle(RefreshCallbackIpsCommand request, CancellationToken cancellationToken)
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

        await store.ReplaceAsync(ranges, clock.GetUtcNow(), cancellationToken);
        logger.LogInformation("Callback IP allow-list refreshed: {Count} entries", ranges.Count);
    }
}
