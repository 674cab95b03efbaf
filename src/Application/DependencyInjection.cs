using System.Reflection;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeChatGpt.Application.Admin;
using WeChatGpt.Application.Common.Behaviours;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Common.Options;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Application.Moderation;
using Microsoft.Extensions.Configuration;
using WeChatGpt.Application.Protection;
using WeChatGpt.Application.Messaging.AnswerMessage;
using WeChatGpt.Application.Messaging.ContinueAnswer;
using WeChatGpt.Application.Messaging.PushAnswer;
using WeChatGpt.Application.Voice;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.Application;

public static class DependencyInjection
{
    /// <summary>The application layer with its options bound from configuration and validated on start.</summary>
    public static IHostApplicationBuilder AddApplication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddApplicationCore();
        builder.Services.AddValidatedOptions<PipelineOptions, PipelineOptionsValidator>(PipelineOptions.SectionName);
        builder.Services.AddValidatedOptions<WeChatOptions, WeChatOptionsValidator>(WeChatOptions.SectionName);
        builder.Services.AddValidatedOptions<TextsOptions, TextsOptionsValidator>(TextsOptions.SectionName);
        builder.Services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.SectionName);
        builder.Services.AddValidatedOptions<ChatOptions, ChatOptionsValidator>(ChatOptions.SectionName);
        builder.Services.AddOptions<CommandOptions>().BindConfiguration(CommandOptions.SectionName);
        // Prices live beside the model they price: OpenAI:Prices:{model}:Input/Output, OpenAI:Currency.
        builder.Services.AddOptions<Admin.Console.PriceOptions>().BindConfiguration("OpenAI");
        builder.Services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName);
        builder.Services.AddValidatedOptions<SpeechOptions, SpeechOptionsValidator>(SpeechOptions.SectionName);
        builder.Services.AddOptions<AssistantOptions>().BindConfiguration(AssistantOptions.SectionName);
        builder.Services.AddValidatedOptions<AdminOptions, AdminOptionsValidator>(AdminOptions.SectionName);
        builder.Services.AddValidatedOptions<Pictures.VisionOptions, Pictures.VisionOptionsValidator>(Pictures.VisionOptions.SectionName);
        builder.Services.AddValidatedOptions<Pictures.ImagesOptions, Pictures.ImagesOptionsValidator>(Pictures.ImagesOptions.SectionName);
        builder.Services.AddValidatedOptions<ModerationOptions, ModerationOptionsValidator>(ModerationOptions.SectionName)
            .PostConfigure<IConfiguration>((o, configuration) =>
                o.Words = configuration.ListAt($"{ModerationOptions.SectionName}:{nameof(ModerationOptions.Words)}"));
        return builder;
    }

    /// <summary>
    /// MediatR 5.1.0 wired by hand: handlers found by assembly scan, behaviours registered in pipeline
    /// order (the first registered runs outermost): Logging → Timeout → Throttling → Validation.
    /// </summary>
    public static IServiceCollection AddApplicationCore(this IServiceCollection services)
    {
        var assembly = Assembly.GetExecutingAssembly();

        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ServiceFactory>(sp => type => sp.GetService(type)!);
        services.AddScoped<IMediator, Mediator>();
        AddRequestHandlers(services, assembly);

        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TimeoutBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ThrottlingBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));

        // Nested validators (a child validator built by its parent) are not services of their own. Validators are
        // built once: building a FluentValidation rule set per request was ~1.4% of the instant path's CPU.
        foreach (var result in AssemblyScanner.FindValidatorsInAssembly(assembly, includeInternalTypes: true).Where(r => !r.ValidatorType.IsNested))
        {
            services.AddSingleton(result.InterfaceType, result.ValidatorType);
        }

        services.AddOptions<PipelineOptions>();
        services.AddOptions<TextsOptions>();
        services.AddOptions<WeChatOptions>();
        services.AddOptions<RateLimitOptions>();
        services.AddOptions<ChatOptions>();
        services.AddOptions<CommandOptions>();
        services.AddOptions<AssistantOptions>();
        services.AddOptions<ShutdownOptions>();
        services.AddOptions<SpeechOptions>();
        services.AddOptions<AdminOptions>();
        services.AddOptions<ModerationOptions>();
        services.AddOptions<Pictures.VisionOptions>();
        services.AddOptions<Pictures.ImagesOptions>();

        // The reply window and its collaborators (scoped: they use the scoped stores).
        services.AddScoped<ReplyComposer>();
        services.AddScoped<ReplySettler>();
        services.AddScoped<ReplyWindow>();
        services.AddScoped<MessageRouter>();
        services.AddScoped<TextIntents>();
        services.AddScoped<FollowerCommands>();
        services.AddScoped<ContinueService>();
        services.AddScoped<LostAnswers>();
        services.AddSingleton<Admin.FailureReporter>();
        services.AddSingleton<DailyBudget>();
        services.AddScoped<AnswerSettlements>();
        services.AddScoped<SpokenAnswers>();
        services.AddScoped<CustomerServicePusher>();
        services.AddScoped<VoiceService>();
        services.AddScoped<Pictures.FollowerPictures>();
        services.AddScoped<IPromptPictures, Pictures.PromptPictures>();
        services.AddScoped<KeywordReplies>();
        services.TryAddSingleton<WeChatGptMetrics>();
        services.AddSingleton<ContentFilter>();
        services.AddSingleton<AnswerAdmission>();
        services.AddSingleton<WaitingDeliveries>();
        services.AddSingleton<FollowerText>();
        services.AddSingleton<CallbackIpAllowList>();
        services.AddSingleton<Messaging.ReceiveMessage.RoutesToRetry>();
        return services;
    }

    /// <summary>Registers every closed <see cref="IRequestHandler{TRequest,TResponse}"/> of the assembly.</summary>
    public static void AddRequestHandlers(IServiceCollection services, Assembly assembly)
    {
        var handlerInterface = typeof(IRequestHandler<,>);
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == handlerInterface))
            {
                services.AddTransient(contract, type);
            }
        }
    }
}
