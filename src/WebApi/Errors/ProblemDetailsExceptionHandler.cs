using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Jobs;
using WeChatGpt.Application.Common.WeChat;

namespace WeChatGpt.WebApi.Errors;

/// <summary>
/// Exceptions of the HTTP API as ProblemDetails: validation, malformed body or form and antiforgery 400, not found 404, throttled 429 with
/// Retry-After, WeChat's refusal 422 (with its errcode), missing WeChat credentials or jobs off 409,
/// timeout 504, model failure 502, anything else 500 — never a stack trace.
/// (The /wechat webhook handles its own errors: it speaks WeChat's protocol.)
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            RequestValidationException validation => new HttpValidationProblemDetails(validation.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid.",
            },
            NotFoundException notFound => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = notFound.Message },
            ThrottledException throttled => new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = throttled.Reason switch
                {
                    ThrottleReason.Busy => "An earlier question of this follower is still being answered.",
                    ThrottleReason.DailyBudget => "This follower's tokens for today are spent (Chat:DailyTokensPerFollower).",
                    _ => "Too many questions.",
                },
            },
            RequestTimeoutException => new ProblemDetails { Status = StatusCodes.Status504GatewayTimeout, Title = "The answer took too long." },
            ChatModelException => new ProblemDetails { Status = StatusCodes.Status502BadGateway, Title = "The model could not answer." },
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "The request is malformed." },
            // A form the antiforgery check could not read (a malformed multipart body, say) or whose token is missing.
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The form's antiforgery token is missing or invalid." },
            InvalidDataException => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The request is malformed." },
            WeChatApiNotConfiguredException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "WeChat's API is not configured.",
                Detail = "Set WeChat:AppId and WeChat:AppSecret to call WeChat's API.",
            },
            WeChatApiException weChat => new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "WeChat refused the request.",
                Detail = $"errcode {weChat.ErrorCode}: {weChat.ErrorMessage}",
                Extensions = { ["errcode"] = weChat.ErrorCode, ["errmsg"] = weChat.ErrorMessage },
            },
            JobsDisabledException => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Jobs are turned off (Jobs:Enabled=false)." },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong." },
        };

        if (problem.Status >= 500)
        {
            logger.LogError("{Method} {Path} failed: {ErrorType}: {Error}", httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        }

        if (exception is ThrottledException { RetryAfter: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = null });
    }
}
