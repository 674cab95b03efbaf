using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Common.Behaviours;
using WeChatGpt.Application.Common.Exceptions;

namespace WeChatGpt.UnitTests.Behaviours;

public sealed class PipelineBehaviourTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Behaviours_AreRegistered_LoggingTimeoutThrottlingValidation()
    {
        using var fixture = new PipelineFixture();

        var behaviours = fixture.Scope.ServiceProvider.GetServices<IPipelineBehavior<PingCommand, string>>()
            .Select(b => b.GetType().GetGenericTypeDefinition())
            .ToArray();

        behaviours.ShouldBe([typeof(LoggingBehaviour<,>), typeof(TimeoutBehaviour<,>), typeof(ThrottlingBehaviour<,>), typeof(ValidationBehaviour<,>)]);
    }

    [Fact]
    public async Task MediatR5_RunsTheFirstRegisteredBehaviourOutermost()
    {
        var trace = new List<string>();
        var services = new ServiceCollection();
        services.AddScoped<ServiceFactory>(sp => t => sp.GetService(t)!);
        services.AddScoped<IMediator, Mediator>();
        services.AddSingleton(trace);
        services.AddSingleton(new HandlerCalls());
        services.AddTransient<IRequestHandler<PingCommand, string>, PingCommandHandler>();
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(OuterBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(InnerBehaviour<,>));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IMediator>().Send(new PingCommand("x"), Ct);

        trace.ShouldBe(["outer in", "inner in", "inner out", "outer out"]);
    }

    [Fact]
    public async Task ValidRequest_ReachesTheHandler()
    {
        using var fixture = new PipelineFixture();

        (await fixture.Mediator.Send(new PingCommand("hi"), Ct)).ShouldBe("pong:hi");
        fixture.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ValidatorFailure_NeverReachesTheHandler()
    {
        using var fixture = new PipelineFixture();

        var ex = await Should.ThrowAsync<RequestValidationException>(() => fixture.Mediator.Send(new PingCommand(string.Empty), Ct));

        ex.Errors.Keys.ShouldContain("Text");
        fixture.Calls.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Timeout_ThrowsTypedException_AndCancelsTheHandler()
    {
        using var fixture = new PipelineFixture();
        SlowCommandHandler.Cancelled = new TaskCompletionSource<bool>();

        var send = fixture.Mediator.Send(new SlowCommand(TimeSpan.FromSeconds(2)), Ct);
        await WaitUntil(() => fixture.Calls.Count == 1);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1.9));
        send.IsCompleted.ShouldBeFalse();
        fixture.Clock.Advance(TimeSpan.FromSeconds(0.1));

        var ex = await Should.ThrowAsync<RequestTimeoutException>(() => send);
        ex.RequestName.ShouldBe(nameof(SlowCommand));
        ex.Timeout.ShouldBe(TimeSpan.FromSeconds(2));
        (await SlowCommandHandler.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task Timeout_EndsTheWait_EvenWhenTheHandlerIgnoresItsToken()
    {
        using var fixture = new PipelineFixture();

        var send = fixture.Mediator.Send(new StubbornCommand(TimeSpan.FromSeconds(3)), Ct);
        fixture.Clock.Advance(TimeSpan.FromSeconds(3));

        await Should.ThrowAsync<RequestTimeoutException>(() => send);
    }

    [Fact]
    public async Task CallerCancellation_IsNotReportedAsATimeout()
    {
        using var fixture = new PipelineFixture();
        using var caller = new CancellationTokenSource();

        var send = fixture.Mediator.Send(new SlowCommand(TimeSpan.FromSeconds(30)), caller.Token);
        await WaitUntil(() => fixture.Calls.Count == 1);
        await caller.CancelAsync();

        var ex = await Should.ThrowAsync<OperationCanceledException>(() => send);
        ex.ShouldNotBeOfType<RequestTimeoutException>();
    }

    [Fact]
    public async Task OverTheRateLimit_IsRejectedWithTypedException_UntilTheWindowMoves()
    {
        using var fixture = new PipelineFixture(permitsPerMinute: 2);

        await fixture.Mediator.Send(new ThrottledCommand("alice"), Ct);
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        await fixture.Mediator.Send(new ThrottledCommand("alice"), Ct);
        var ex = await Should.ThrowAsync<ThrottledException>(() => fixture.Mediator.Send(new ThrottledCommand("alice"), Ct));

        ex.Reason.ShouldBe(ThrottleReason.RateLimited);
        ex.RetryAfter.ShouldBe(TimeSpan.FromSeconds(50));
        fixture.Calls.Count.ShouldBe(2);
        (await fixture.Mediator.Send(new ThrottledCommand("bob"), Ct)).ShouldBe("ok");

        fixture.Clock.Advance(TimeSpan.FromSeconds(50));
        (await fixture.Mediator.Send(new ThrottledCommand("alice"), Ct)).ShouldBe("ok");
    }

    [Fact]
    public async Task SecondRequestOfABusyKey_IsRejectedAsBusy_UntilTheFirstEnds()
    {
        using var fixture = new PipelineFixture();
        var gate = new TaskCompletionSource();

        var first = fixture.Mediator.Send(new ThrottledCommand("alice", gate.Task), Ct);
        var ex = await Should.ThrowAsync<ThrottledException>(() => fixture.Mediator.Send(new ThrottledCommand("alice"), Ct));
        ex.Reason.ShouldBe(ThrottleReason.Busy);
        (await fixture.Mediator.Send(new ThrottledCommand("bob"), Ct)).ShouldBe("ok");

        gate.SetResult();
        (await first).ShouldBe("ok");
        (await fixture.Mediator.Send(new ThrottledCommand("alice"), Ct)).ShouldBe("ok");
    }

    [Fact]
    public async Task Throttling_RunsBeforeValidation()
    {
        using var fixture = new PipelineFixture(permitsPerMinute: 1);

        await Should.ThrowAsync<RequestValidationException>(() => fixture.Mediator.Send(new ThrottledCommand("invalid"), Ct));

        // Over the limit and invalid: the outer behaviour (throttling) answers first.
        await Should.ThrowAsync<ThrottledException>(() => fixture.Mediator.Send(new ThrottledCommand("invalid"), Ct));
        fixture.Calls.Count.ShouldBe(0);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }

        condition().ShouldBeTrue();
    }
}

public sealed class OuterBehaviour<TRequest, TResponse>(List<string> trace) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        trace.Add("outer in");
        var response = await next();
        trace.Add("outer out");
        return response;
    }
}

public sealed class InnerBehaviour<TRequest, TResponse>(List<string> trace) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        trace.Add("inner in");
        var response = await next();
        trace.Add("inner out");
        return response;
    }
}
