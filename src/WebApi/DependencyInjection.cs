namespace WeChatGpt.WebApi;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddWebApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        return builder;
    }
}
