using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace WeChatGpt.WebApi.Errors;

/// <summary>
/// A body in a charset .NET cannot decode (<c>application/json; charset=ebcdic</c>) is 415 Unsupported Media Type,
/// not the 500 the JSON and form readers would throw. The webhook is left out: it reads bytes, and XML names its
/// own encoding.
/// </summary>
public static class RequestCharsets
{
    public static IApplicationBuilder UseKnownRequestCharsetsOnly(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/wechat", StringComparison.OrdinalIgnoreCase)
                && !IsDecodable(context.Request.ContentType))
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status415UnsupportedMediaType,
                        Title = "The request's charset is not supported.",
                        Detail = "Send the body as UTF-8.",
                    },
                });
                return;
            }

            await next(context);
        });

    /// <summary>True when there is no content type, no charset, or a charset .NET knows.</summary>
    public static bool IsDecodable(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            // An unparseable content type is the readers' business (they answer 415 for what they do not read).
            return true;
        }

        var charset = media.Charset.Value?.Trim('"');
        if (string.IsNullOrEmpty(charset))
        {
            return true;
        }

        try
        {
            _ = Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
