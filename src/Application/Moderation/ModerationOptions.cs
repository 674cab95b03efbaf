using FluentValidation;

namespace WeChatGpt.Application.Moderation;

/// <summary>What is done when a banned word is found.</summary>
public enum ModerationAction
{
    /// <summary>A friendly text instead (<c>Texts:Moderated</c>); a question never reaches the model.</summary>
    Refuse,

    /// <summary>Each of the word's characters becomes <c>*</c>; the rest goes on as usual.</summary>
    Mask,
}

/// <summary>The sensitive-word filter (section <c>Moderation</c>).</summary>
public sealed class ModerationOptions
{
    public const string SectionName = "Moderation";

    /// <summary>Banned words (also as one comma-separated value); the file's and the admin's are added.</summary>
    public string[] Words { get; set; } = [];

    /// <summary>A file of banned words, one a line (<c>#</c> starts a comment); re-read when it changes.</summary>
    public string? WordsFile { get; set; }

    public ModerationAction QuestionAction { get; set; } = ModerationAction.Refuse;

    public ModerationAction AnswerAction { get; set; } = ModerationAction.Mask;

    /// <summary>Also ask the OpenAI-compatible <c>/moderations</c> endpoint about each question (skipped when slow or down).</summary>
    public bool OpenAIModeration { get; set; }

    /// <summary>How long a question waits for <c>/moderations</c> before it goes on unchecked.</summary>
    public TimeSpan OpenAIModerationTimeout { get; set; } = TimeSpan.FromSeconds(1.5);
}

internal sealed class ModerationOptionsValidator : AbstractValidator<ModerationOptions>
{
    public ModerationOptionsValidator()
    {
        RuleFor(o => o.QuestionAction).IsInEnum();
        RuleFor(o => o.AnswerAction).IsInEnum();
        RuleFor(o => o.OpenAIModerationTimeout).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(4))
            .WithMessage("must be between 00:00:00.1 and 00:00:04 (it is spent inside WeChat's 5-second window)");
    }
}
