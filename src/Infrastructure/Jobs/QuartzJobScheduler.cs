using MediatR;
using Quartz;
using WeChatGpt.Application.Jobs;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>The scheduling port on Quartz.NET: every job is a <see cref="MediatorJob"/> carrying its command.</summary>
internal sealed class QuartzJobScheduler(ISchedulerFactory factory) : IJobScheduler
{
    public const string RecurringGroup = "recurring";
    public const string OneOffGroup = "one-off";

    public bool IsEnabled => true;

    public Task EnqueueAsync(IRequest command, CancellationToken cancellationToken) =>
        ScheduleAsync(command, DateTimeOffset.UtcNow, cancellationToken);

    public async Task ScheduleAsync(IRequest command, DateTimeOffset runAt, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var name = $"{command.GetType().Name}-{Guid.NewGuid():N}";
        var job = Job(command, new JobKey(name, OneOffGroup), durable: false);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(name, OneOffGroup)
            .StartAt(runAt)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), cancellationToken);
    }

    public async Task AddRecurringAsync(string name, string cron, IRequest command, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var job = Job(command, new JobKey(name, RecurringGroup), durable: true);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(name, RecurringGroup)
            .ForJob(job)
            // After downtime a missed run happens once, not in a burst.
            .WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, new List<ITrigger> { trigger }, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public async Task RemoveRecurringAsync(string name, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(new JobKey(name, RecurringGroup), cancellationToken);
    }

    public async Task TriggerAsync(string name, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(new JobKey(name, RecurringGroup), new JobDataMap(), cancellationToken);
    }

    private static IJobDetail Job(IRequest command, JobKey key, bool durable)
    {
        var (type, json) = MediatorJob.Serialize(command);
        return JobBuilder.Create<MediatorJob>()
            .WithIdentity(key)
            .WithDescription(command.GetType().Name)
            .UsingJobData(MediatorJob.CommandType, type)
            .UsingJobData(MediatorJob.CommandJson, json)
            .StoreDurably(durable)
            .Build();
    }
}

/// <summary><c>Jobs:Enabled=false</c>: nothing is scheduled, nothing runs.</summary>
internal sealed class DisabledJobScheduler : IJobScheduler
{
    public bool IsEnabled => false;

    public Task EnqueueAsync(IRequest command, CancellationToken cancellationToken) => throw Disabled();

    public Task ScheduleAsync(IRequest command, DateTimeOffset runAt, CancellationToken cancellationToken) => throw Disabled();

    public Task AddRecurringAsync(string name, string cron, IRequest command, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task TriggerAsync(string name, CancellationToken cancellationToken) => throw Disabled();

    private static InvalidOperationException Disabled() => new("The job scheduler is off (Jobs:Enabled=false).");
}
