using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.IntegrationTests.Support;

public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddSingletonModel(this IServiceCollection services, IChatModel model)
    {
        services.RemoveAll<IChatModel>();
        services.AddSingleton(model);
        return services;
    }
}
