using System.Text.Json;
using MediatR;
using Quartz;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>
/// The one Quartz job: it sends the MediatR command stored in its data (type and JSON), in a DI scope of
/// its own. Jobs stay thin; the work is in the command's handler, behind the same pipeline as everything.
/// Two runs of the same job never overlap.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class MediatorJob(IMediator mediator) : IJob
{
    public const string CommandType = "command-type";
    public const string CommandJson = "command";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var command = Deserialize(data.GetString(CommandType), data.GetString(CommandJson));
        await mediator.Send(command, cancellationToken);
    }

    public static (string Type, string Json) Serialize(IRequest command)
    {
        var type = command.GetType();
        return (type.FullName!, JsonSerializer.Serialize(command, type));
    }

    /// <summary>Only commands of the application assembly: job data never names an arbitrary type.</summary>
    public static IRequest Deserialize(string? typeName, string? json)
    {
        var type = string.IsNullOrWhiteSpace(typeName) ? null : typeof(Application.DependencyInjection).Assembly.GetType(typeName, throwOnError: false);
        if (type is null || !typeof(IRequest).IsAssignableFrom(type))
        {
            throw new JobExecutionException($"The job names an unknown command type '{typeName}'.");
        }

        return (IRequest)(JsonSerializer.Deserialize(json ?? "{}", type) ?? throw new JobExecutionException("The job's command is empty."));
    }
}
