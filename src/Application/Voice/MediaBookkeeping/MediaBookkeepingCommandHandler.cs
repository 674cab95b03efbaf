using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Voice.MediaBookkeeping;

internal sealed class MediaBookkeepingCommandHandler(
    IMediaStore media,
    IWeChatApi api,
    IOptionsMonitor<SpeechOptions> options,
    TimeProvider clock,
    ILogger<MediaBookkeepingCommandHandler> logger)
    : RequestHandlerBase<MediaBookkeepingCommand>
{
    /// <summary>WeChat's "invalid media_id": the material is gone already.</summary>
    private const int InvalidMediaId = 40007;

    protected override async Task HandleAsync(MediaBookkeepingCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var failures = new List<string>();
        foreach (var record in await media.DueForDeletionAsync(now, options.CurrentValue.MaterialGrace, cancellationToken))
        {
            try
            {
                await api.DeleteMaterialAsync(record.MediaId, cancellationToken);
            }
            catch (WeChatApiException ex) when (ex.ErrorCode == InvalidMediaId)
            {
                logger.LogInformation("Material {Id} was already gone", record.Id);
            }
            catch (Exception ex) when (ex is WeChatApiException or HttpRequestException)
            {
                failures.Add($"material {record.Id}: {ex.Message}");
                continue;
            }

            await media.MarkDeletedAsync(record.Id, clock.GetUtcNow(), CancellationToken.None);
        }

        var expired = await media.RemoveExpiredAsync(now, cancellationToken);
        logger.LogInformation("Media bookkeeping: {Expired} expired temporary records removed, {Failed} deletions failed", expired, failures.Count);
        if (failures.Count > 0)
        {
            // Thrown so that the scheduler records the failure and retries with backoff.
            throw new InvalidOperationException($"{failures.Count} material deletion(s) failed: {string.Join("; ", failures)}");
        }
    }
}
