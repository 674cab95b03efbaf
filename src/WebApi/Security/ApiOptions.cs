namespace WeChatGpt.WebApi.Security;

/// <summary>The consumer HTTP API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Keys accepted in <c>X-Api-Key</c>. With none, the API answers 401 to everyone.</summary>
    public string[] Keys { get; set; } = [];

    /// <summary>Serve the OpenAPI document and Swagger UI at <c>/swagger</c>.</summary>
    public bool Swagger { get; set; } = true;
}
