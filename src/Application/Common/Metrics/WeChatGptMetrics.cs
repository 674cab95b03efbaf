using System.Diagnostics.Metrics;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Common.Metrics;

/// <summary>
/// The product's own instruments (meter <c>WeChatGpt</c>), next to ASP.NET Core's and the runtime's.
/// Tags have small fixed sets of values: never an OpenID, never message text.
/// </summary>
public sealed class WeChatGptMetrics
{
    public const string MeterName = "WeChatGpt";

    private static readonly HashSet<string> KnownKinds =
        ["text", "voice", "image", "video", "shortvideo", "location", "link", "event:subscribe", "event:unsubscribe", "event:SCAN", "event:LOCATION", "event:CLICK", "event:VIEW"];

    private readonly Counter<long> _messages;
    private readonly Counter<long> _redeliveries;
    private readonly Counter<long> _replies;
    private readonly Histogram<double> _modelDuration;
    private readonly Histogram<double> _modelFirstToken;
    private readonly Counter<long> _modelErrors;
    private readonly Counter<long> _rejectedSources;
    private readonly Counter<long> _refusedPushes;
    private readonly Counter<long> _moderated;
    private readonly Counter<long> _storageBusy;
    private readonly Histogram<double> _storageBlocked;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _queued;
    private readonly Counter<long> _pictures;

    public WeChatGptMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _messages = meter.CreateCounter<long>("wechatgpt.messages.received", "{message}", "Messages and events received from WeChat (first deliveries).");
        _redeliveries = meter.CreateCounter<long>("wechatgpt.messages.redelivered", "{delivery}", "Repeated deliveries of a message already received.");
        _replies = meter.CreateCounter<long>("wechatgpt.replies", "{reply}", "Replies settled, by outcome (answered, partial, continued, canned, failed, …).");
        _modelDuration = meter.CreateHistogram<double>("wechatgpt.model.duration", "s", "From the request to the model's last token (or its failure).");
        _modelFirstToken = meter.CreateHistogram<double>("wechatgpt.model.time_to_first_token", "s", "From the request to the model's first token.");
        _modelErrors = meter.CreateCounter<long>("wechatgpt.model.errors", "{error}", "Model calls that failed after retries.");
        _rejectedSources = meter.CreateCounter<long>("wechatgpt.webhook.rejected_sources", "{request}", "POSTs to /wechat refused because they did not come from WeChat's callback IPs.");
        _refusedPushes = meter.CreateCounter<long>("wechatgpt.webhook.refused", "{request}", "Pushes refused by their reason: signature, stale, plaintext (in safe mode), reused-query, malformed, decryption, too-large.");
        _storageBusy = meter.CreateCounter<long>("wechatgpt.storage.busy", "{write}", "Writes given up because the database stayed busy or locked past their deadline (a delivery then answers 'busy').");
        _storageBlocked = meter.CreateHistogram<double>("wechatgpt.storage.blocked", "s", "How long the database's write lock was held by someone else while writes waited.");
        _moderated = meter.CreateCounter<long>("wechatgpt.moderation.blocked", "{text}", "Questions refused and answers masked or refused by the sensitive-word filter, by direction (question, answer).");
        _queued = meter.CreateCounter<long>("wechatgpt.answers.queued", "{answer}", "Answers that waited for a turn at the model (Chat:MaxConcurrentAnswers were streaming).");
        _pictures = meter.CreateCounter<long>("wechatgpt.pictures", "{picture}", "Pictures by direction: in (a follower's photo looked at), out (an image drawn and uploaded).");
        _authFailures = meter.CreateCounter<long>("wechatgpt.auth.failures", "{request}", "Admin or API requests with wrong credentials, and requests refused for too many of them.");
    }

    public void MessageReceived(string kind) => _messages.Add(1, new KeyValuePair<string, object?>("kind", KnownKinds.Contains(kind) ? kind : "other"));

    public void Redelivered() => _redeliveries.Add(1);

    public void AnswerQueued() => _queued.Add(1);

    public void ReplySettled(ReplyOutcome outcome) => _replies.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));

    /// <param name="result">ok, error, cancelled or abandoned.</param>
    public void ModelCall(TimeSpan duration, string result)
    {
        _modelDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("result", result));
        if (result == "error")
        {
            _modelErrors.Add(1);
        }
    }

    public void ModelFirstToken(TimeSpan elapsed) => _modelFirstToken.Record(elapsed.TotalSeconds);

    public void SourceRejected() => _rejectedSources.Add(1);

    /// <param name="reason">signature, stale, plaintext, reused-query, malformed, decryption or too-large.</param>
    public void PushRefused(string reason) => _refusedPushes.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void StorageBusy() => _storageBusy.Add(1);

    /// <param name="direction"><c>question</c> or <c>answer</c>.</param>
    public void Moderated(string direction) => _moderated.Add(1, new KeyValuePair<string, object?>("direction", direction));

    public void Picture(Domain.Pictures.PictureDirection direction) =>
        _pictures.Add(1, new KeyValuePair<string, object?>("direction", direction == Domain.Pictures.PictureDirection.In ? "in" : "out"));

    public void StorageBlocked(TimeSpan waited) => _storageBlocked.Record(waited.TotalSeconds);

    /// <param name="area">admin or api.</param>
    /// <param name="blocked">True when refused for too many failures rather than for wrong credentials.</param>
    public void AuthFailure(string area, bool blocked) =>
        _authFailures.Add(1, new KeyValuePair<string, object?>("area", area), new KeyValuePair<string, object?>("blocked", blocked));
}
