using Microsoft.Extensions.Options;
using WeChatGpt.Application;
using WeChatGpt.Infrastructure;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.WebApi;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.WebApi.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplication().AddInfrastructure().AddWebApi();

var app = builder.Build();
try
{
    // Bad configuration stops start-up before anything else, with one line per offending key.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
}
catch (Exception ex) when (ConfigurationErrors.From(ex) is { Count: > 0 } failures && !app.Environment.IsEnvironment("Testing"))
{
    foreach (var failure in failures)
    {
        await Console.Error.WriteLineAsync($"Configuration error: {failure}");
    }

    return 1;
}

await app.Services.InitializeDatabaseAsync();

app.UseWebApi();
app.MapHealthEndpoints();
app.MapEndpointGroups();
StartupBanner.LogWhenStarted(app);

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
