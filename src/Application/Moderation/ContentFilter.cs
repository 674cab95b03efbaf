using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.Metrics;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.Application.Moderation;

/// <summary>
/// The sensitive-word filter, both ways: a follower's question before keywords and the model, and the model's
/// answer before any part of it is sent (the reply, a partial cut at the last delivery, a "继续" part, a
/// customer-service push, the API's reply). The word list (configured, file, admin) is swapped in whole when it
/// changes; every check reads one immutable matcher.
/// </summary>
public sealed class ContentFilter(
    IOptionsMonitor<ModerationOptions> options,
    IOptionsMonitor<TextsOptions> texts,
    IServiceProvider services,
    WeChatGptMetrics metrics,
    ILogger<ContentFilter> logger)
{
    private volatile SensitiveWordMatcher _matcher = new(options.CurrentValue.Words);
    private IReadOnlyList<string> _extra = [];
    private IDisposable? _onChange;

    public SensitiveWordMatcher Matcher
    {
        get
        {
            // Moderation:Words changed in configuration (appsettings reloaded): rebuilt with the rest.
            _onChange ??= options.OnChange(_ => Use(_extra));
            return _matcher;
        }
    }

    /// <summary>Puts a new word list in place: <paramref name="words"/> (file, admin) and the configured words.</summary>
    public void Use(IReadOnlyList<string> words)
    {
        _extra = words;
        var matcher = new SensitiveWordMatcher(options.CurrentValue.Words.Concat(words));
        _matcher = matcher;
        logger.LogInformation("Sensitive-word list in place: {Count} words", matcher.Count);
    }

    /// <summary>
    /// A question as the rest of the product sees it: refused (the follower gets <see cref="TextsOptions.Moderated"/>),
    /// or its text — masked when the question action is <see cref="ModerationAction.Mask"/>.
    /// </summary>
    public async Task<QuestionCheck> CheckQuestionAsync(string question, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var matcher = Matcher;
        if (matcher.Contains(question))
        {
            metrics.Moderated("question");
            if (settings.QuestionAction == ModerationAction.Refuse)
            {
                return new QuestionCheck(Refused: true, question);
            }

            question = matcher.Mask(question);
        }

        if (settings.OpenAIModeration && await IsFlaggedAsync(question, settings.OpenAIModerationTimeout, cancellationToken))
        {
            metrics.Moderated("question");
            return new QuestionCheck(Refused: true, question);
        }

        return new QuestionCheck(Refused: false, question);
    }

    /// <summary>Plain answer text as the follower may read it: masked, or the refusal text when the answer action refuses.</summary>
    public string Answer(string plain)
    {
        var matcher = Matcher;
        if (!matcher.Contains(plain))
        {
            return plain;
        }

        metrics.Moderated("answer");
        return options.CurrentValue.AnswerAction == ModerationAction.Mask ? matcher.Mask(plain) : texts.CurrentValue.Moderated;
    }

    /// <summary>How much of a streamed text may be handed out now: never the beginning of a word whose end may follow.</summary>
    public int SafeLength(string streamed) => Matcher.SafeLength(streamed);

    private async Task<bool> IsFlaggedAsync(string question, TimeSpan budget, CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(IExternalModeration)) is not IExternalModeration external)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            return await external.IsFlaggedAsync(question, timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Slow or down: the question goes on unchecked (the word list still applied).
            logger.LogWarning("/moderations skipped: {ErrorType}", ex.GetType().Name);
            return false;
        }
    }
}

/// <param name="Refused">The follower gets the moderation text; the question goes nowhere.</param>
/// <param name="Text">The question to go on with (masked when the action masks).</param>
public sealed record QuestionCheck(bool Refused, string Text);
