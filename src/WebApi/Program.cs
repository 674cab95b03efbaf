using Microsoft.Extensions.Options;
using WeChatGpt.Application;
using WeChatGpt.Infrastructure;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.WebApi;
using WeChatGpt.WebApi.Endpoints;
using WeChatGpt.WebApi.Health;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddApplication().AddInfrastructure().AddWebApi();
}
catch (DatabaseConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"Configuration error: {ex.Message}");
    return 1;
}

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

try
{
    await app.Services.InitializeDatabaseAsync();
}
catch (DatabaseConfigurationException ex) when (!app.Environment.IsEnvironment("Testing"))
{
    // A wrong or unreachable PostgreSQL: one line naming the server, never the password; no stack trace.
    await Console.Error.WriteLineAsync($"Database error: {ex.Message}");
    return 1;
}

app.UseWebApi();
app.MapHealthEndpoints();
app.MapEndpointGroups();
StartupBanner.LogWhenStarted(app);

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
