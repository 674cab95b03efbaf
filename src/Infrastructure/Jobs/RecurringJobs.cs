using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Application.Messaging.PruneRecords;
using WeChatGpt.Application.Protection.RefreshCallbackIps;
using WeChatGpt.Application.Voice.CleanUpVoiceFiles;
using WeChatGpt.Application.Voice.MediaBookkeeping;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>Puts the recurring jobs into the (persistent) schedule at start-up; re-adding replaces them.</summary>
internal sealed class RecurringJobs(IJobScheduler scheduler, IOptions<JobsOptions> jobs, IOptions<WeChatOptions> weChat, ILogger<RecurringJobs> logger) : IHostedService
{
    public const string VoiceFilesCleanup = "voice-files-cleanup";
    public const string MediaBookkeeping = "media-bookkeeping";
    public const string CallbackIpRefresh = "callback-ip-refresh";
    public const string LedgerPruning = "ledger-pruning";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = jobs.Value;
        await scheduler.AddRecurringAsync(VoiceFilesCleanup, o.VoiceFilesCleanup, new CleanUpVoiceFilesCommand(), cancellationToken);
        await scheduler.AddRecurringAsync(MediaBookkeeping, o.MediaBookkeeping, new MediaBookkeepingCommand(), cancellationToken);
        await scheduler.AddRecurringAsync(LedgerPruning, o.LedgerPruning, new PruneRecordsCommand(), cancellationToken);
        if (weChat.Value.VerifySourceIp)
        {
            await scheduler.AddRecurringAsync(CallbackIpRefresh, o.CallbackIpRefresh, new RefreshCallbackIpsCommand(), cancellationToken);
        }
        else
        {
            await scheduler.RemoveRecurringAsync(CallbackIpRefresh, cancellationToken);
        }

        logger.LogInformation("Recurring jobs scheduled");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
