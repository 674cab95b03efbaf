using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.Application.Jobs.RunJobNow;

internal sealed class RunJobNowCommandHandler(IJobScheduler scheduler) : RequestHandlerBase<RunJobNowCommand>
{
    protected override async Task HandleAsync(RunJobNowCommand request, CancellationToken cancellationToken)
    {
        if (!scheduler.IsEnabled)
        {
            throw new JobsDisabledException();
        }

        if (!await scheduler.TriggerAsync(request.Name, cancellationToken))
        {
            throw new NotFoundException($"Job '{request.Name}'");
        }
    }
}
