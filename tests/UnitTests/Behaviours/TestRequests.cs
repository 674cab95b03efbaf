using FluentValidation;
using MediatR;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Interfaces;

namespace WeChatGpt.UnitTests.Behaviours;

public sealed class HandlerCalls
{
    private int _count;

    public int Count => _count;

    public void Increment() => Interlocked.Increment(ref _count);
}

public sealed record PingCommand(string Text) : IRequest<string>;

public sealed class PingCommandHandler(HandlerCalls calls) : IRequestHandler<PingCommand, string>
{
    public Task<string> Handle(PingCommand request, CancellationToken cancellationToken)
    {
        calls.Increment();
        return Task.FromResult("pong:" + request.Text);
    }
}

public sealed class PingCommandValidator : AbstractValidator<PingCommand>
{
    public PingCommandValidator() => RuleFor(c => c.Text).NotEmpty().MaximumLength(10);
}

/// <summary>Waits until cancelled, honouring the token the pipeline narrowed.</summary>
public sealed record SlowCommand(TimeSpan Timeout) : IRequest<string>, IHasTimeout;

public sealed class SlowCommandHandler(HandlerCalls calls) : RequestHandlerBase<SlowCommand, string>
{
    public static TaskCompletionSource<bool> Cancelled { get; set; } = new();

    protected override async Task<string> HandleAsync(SlowCommand request, CancellationToken cancellationToken)
    {
        calls.Increment();
        try
        {
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
            return "never";
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult(true);
            throw;
        }
    }
}

/// <summary>Ignores every token: the timeout must still end the caller's wait.</summary>
public sealed record StubbornCommand(TimeSpan Timeout) : IRequest<string>, IHasTimeout;

public sealed class StubbornCommandHandler : IRequestHandler<StubbornCommand, string>
{
    public Task<string> Handle(StubbornCommand request, CancellationToken cancellationToken) => new TaskCompletionSource<string>().Task;
}

public sealed record ThrottledCommand(string Key, Task? Gate = null) : IRequest<string>, IThrottled
{
    public string ThrottleKey => Key;
}

public sealed class ThrottledCommandHandler(HandlerCalls calls) : IRequestHandler<ThrottledCommand, string>
{
    public async Task<string> Handle(ThrottledCommand request, CancellationToken cancellationToken)
    {
        calls.Increment();
        if (request.Gate is not null)
        {
            await request.Gate;
        }

        return "ok";
    }
}

public sealed class ThrottledCommandValidator : AbstractValidator<ThrottledCommand>
{
    public ThrottledCommandValidator() => RuleFor(c => c.Key).NotEqual("invalid");
}
