using WeChatGpt.Application.Common.Exceptions;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Operations;

namespace WeChatGpt.Application.Admin;

/// <summary>
/// Puts failures on the owner's record in one place: what kind each exception is, its status, and a detail safe to
/// show (a model failure's message names no key and no prompt; anything else only by its type).
/// </summary>
public sealed class FailureReporter(IFailureLog log, TimeProvider clock)
{
    /// <summary>The model (or the answer's time limit) failed an answer to <paramref name="question"/>.</summary>
    public void Model(string openId, Exception ex, string? question)
    {
        var (kind, status, detail) = ex switch
        {
            ChatModelException model => (KindOf(model.Kind), model.Status, model.Message),
            RequestTimeoutException timeout => (FailureKinds.Timeout, (int?)null, timeout.Message),
            TimeoutException or OperationCanceledException => (FailureKinds.Timeout, null, "The answer took longer than its time limit."),
            StorageBusyException busy => (FailureKinds.Storage, null, busy.Message),
            _ => (FailureKinds.ModelServerError, null, $"{ex.GetType().Name}."),
        };
        Report(openId, kind, status, detail, question);
    }

    public void Report(string openId, string kind, int? status, string detail, string? question) =>
        log.Record(new FailureRecord(clock.GetUtcNow(), openId, kind, status, detail, string.IsNullOrWhiteSpace(question) ? null : question));

    private static string KindOf(ModelFailure failure) => failure switch
    {
        ModelFailure.Unauthorized => FailureKinds.ModelUnauthorized,
        ModelFailure.RateLimited => FailureKinds.ModelRateLimited,
        ModelFailure.Stalled => FailureKinds.ModelStalled,
        ModelFailure.Incomplete => FailureKinds.ModelIncomplete,
        _ => FailureKinds.ModelServerError,
    };
}
