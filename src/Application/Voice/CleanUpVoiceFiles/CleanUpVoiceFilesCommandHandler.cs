using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeChatGpt.Application.Voice.CleanUpVoiceFiles;

internal sealed class CleanUpVoiceFilesCommandHandler(ITempAudioFiles files, IOptionsMonitor<SpeechOptions> options, TimeProvider clock, ILogger<CleanUpVoiceFilesCommandHandler> logger)
    : AsyncRequestHandler<CleanUpVoiceFilesCommand>
{
    protected override Task Handle(CleanUpVoiceFilesCommand request, CancellationToken cancellationToken)
    {
        var deleted = files.DeleteOlderThan(clock.GetUtcNow() - options.CurrentValue.TempFileTtl);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} temporary audio files", deleted);
        }

        return Task.CompletedTask;
    }
}
