using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WeChatGpt.Application;
using WeChatGpt.Application.Common.Interfaces;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.Infrastructure.Protection;
using WeChatGpt.Tests;

namespace WeChatGpt.UnitTests.Behaviours;

/// <summary>The application's real pipeline (hand-wired MediatR) around test requests, on a manual clock.</summary>
public sealed class PipelineFixture : IDisposable
{
    private readonly ServiceProvider _provider;

    public PipelineFixture(int permitsPerMinute = 100)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddApplicationCore();
        services.Configure<RateLimitOptions>(o => o.PermitsPerMinute = permitsPerMinute);
        services.AddSingleton<IRateLimiter, InMemoryRateLimiter>();
        services.AddSingleton(Calls);
        DependencyInjection.AddRequestHandlers(services, typeof(PipelineFixture).Assembly);
        foreach (var result in FluentValidation.AssemblyScanner.FindValidatorsInAssembly(typeof(PipelineFixture).Assembly))
        {
            services.AddTransient(result.InterfaceType, result.ValidatorType);
        }

        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        Scope = _provider.CreateScope();
    }

    public ManualTimeProvider Clock { get; } = new();

    public HandlerCalls Calls { get; } = new();

    public IServiceScope Scope { get; }

    public IMediator Mediator => Scope.ServiceProvider.GetRequiredService<IMediator>();

    public void Dispose()
    {
        Scope.Dispose();
        _provider.Dispose();
    }
}
