using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Voice.CleanUpVoiceFiles;

internal sealed class CleanUpVoiceFilesCommandHandler(ITempAudioFiles files, IOptionsMonitor<SpeechOptions> options, TimeProvider clock, ILogger<CleanUpVoiceFilesCommandHandler> logger)
    : RequestHandlerBase<CleanUpVoiceFilesCommand>
{
    protected override Task HandleAsync(CleanUpVoiceFilesCommand request, CancellationToken cancellationToken)
    {
        var deleted = files.DeleteOlderThan(clock.GetUtcNow() - options.CurrentValue.TempFileTtl);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} temporary audio files", deleted);
        }

        return Task.CompletedTask;
    }
}
