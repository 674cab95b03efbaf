using System.Text;

namespace WeChatGpt.Bench;

/// <summary>
/// The floor of CPU per message: a bare Kestrel endpoint in its own process that reads a push and answers a fixed
/// passive reply — what the HTTP stack alone costs, next to what the service costs for the same requests.
/// </summary>
internal static class BareServer
{
    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var reply = Encoding.UTF8.GetBytes($"<xml><Content><![CDATA[{FakeModel.Answer}]]></Content></xml>");
        app.MapPost("/wechat", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.ContentType = "application/xml";
            await context.Response.Body.WriteAsync(reply, context.RequestAborted);
        });
        await app.StartAsync();
        Console.WriteLine("Application started");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
