namespace WeChatGpt.Application.Conversations;

public enum FollowerCommandKind
{
    Help,
    Reset,
    Continue,
    VoiceOn,
    VoiceOff,
    ListTemplates,
    StartTemplate,
    ExitTemplate,
}

/// <param name="Argument">For <see cref="FollowerCommandKind.StartTemplate"/>: the trigger; <see cref="Topic"/> the topic.</param>
public sealed record FollowerCommand(FollowerCommandKind Kind, string? Argument = null, string? Topic = null);
