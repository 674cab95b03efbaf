namespace WeChatGpt.Domain.Operations;

/// <summary>
/// An answer that failed or was interrupted, kept for the owner (never shown to followers, never part of the
/// history sent to the model): when, whose, what kind of failure, its status, and a safe one-line detail.
/// </summary>
public sealed class FailureRecord
{
    private FailureRecord()
    {
        OpenId = string.Empty;
        Kind = string.Empty;
        Detail = string.Empty;
    }

    public FailureRecord(DateTimeOffset at, string openId, string kind, int? status, string detail, string? question)
    {
        At = at;
        OpenId = openId;
        Kind = kind;
        Status = status;
        Detail = detail;
        Question = question;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string OpenId { get; private set; }

    /// <summary>One of <see cref="FailureKinds"/>.</summary>
    public string Kind { get; private set; }

    /// <summary>The HTTP status (or WeChat errcode) of the failure, when it had one.</summary>
    public int? Status { get; private set; }

    /// <summary>What happened, safe to show the owner: no keys, no stack traces.</summary>
    public string Detail { get; private set; }

    /// <summary>The question, when the follower's history would have kept it (a text question).</summary>
    public string? Question { get; private set; }
}

/// <summary>The kinds of failure on record, as the admin API names them.</summary>
public static class FailureKinds
{
    public const string ModelUnauthorized = "model-unauthorized";
    public const string ModelRateLimited = "model-rate-limited";
    public const string ModelServerError = "model-server-error";
    public const string ModelStalled = "model-stalled";
    public const string ModelIncomplete = "model-incomplete";
    public const string Timeout = "timeout";
    public const string WeChatApi = "wechat-api";
    public const string Voice = "voice";
    public const string Interrupted = "interrupted";
    public const string Storage = "storage";

    public static IReadOnlyList<string> All { get; } =
        [ModelUnauthorized, ModelRateLimited, ModelServerError, ModelStalled, ModelIncomplete, Timeout, WeChatApi, Voice, Interrupted, Storage];
}
