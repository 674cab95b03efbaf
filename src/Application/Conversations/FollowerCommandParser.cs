namespace WeChatGpt.Application.Conversations;

/// <summary>
/// Recognises follower commands in a text message. A template starts with its exact trigger, or the
/// trigger, a colon and a topic ("英语:旅行", "英语：旅行"); "英语怎么学？" stays a question.
/// </summary>
public static class FollowerCommandParser
{
    private const int MaxTopicLength = 40;
    private static readonly char[] TrailingPunctuation = ['。', '.', '!', '！', '~', '～'];

    public static FollowerCommand? Parse(string text, CommandOptions words, IEnumerable<string> templateTriggers)
    {
        var input = text.Trim().TrimEnd(TrailingPunctuation).Trim();
        if (input.Length == 0)
        {
            return null;
        }

        if (Matches(input, words.Help) || Matches(text.Trim(), words.Help))
        {
            return new FollowerCommand(FollowerCommandKind.Help);
        }

        if (Matches(input, words.Continue))
        {
            return new FollowerCommand(FollowerCommandKind.Continue);
        }

        if (Matches(input, words.Reset))
        {
            return new FollowerCommand(FollowerCommandKind.Reset);
        }

        if (Matches(input, words.VoiceOn))
        {
            return new FollowerCommand(FollowerCommandKind.VoiceOn);
        }

        if (Matches(input, words.VoiceOff))
        {
            return new FollowerCommand(FollowerCommandKind.VoiceOff);
        }

        if (Matches(input, words.Templates))
        {
            return new FollowerCommand(FollowerCommandKind.ListTemplates);
        }

        if (Matches(input, words.ExitTemplate))
        {
            return new FollowerCommand(FollowerCommandKind.ExitTemplate);
        }

        foreach (var trigger in templateTriggers)
        {
            if (string.Equals(input, trigger, StringComparison.OrdinalIgnoreCase))
            {
                return new FollowerCommand(FollowerCommandKind.StartTemplate, trigger);
            }

            if (input.Length > trigger.Length + 1
                && input.StartsWith(trigger, StringComparison.OrdinalIgnoreCase)
                && input[trigger.Length] is ':' or '：')
            {
                var topic = input[(trigger.Length + 1)..].Trim();
                if (topic.Length is > 0 and <= MaxTopicLength && !topic.Contains('\n', StringComparison.Ordinal))
                {
                    return new FollowerCommand(FollowerCommandKind.StartTemplate, trigger, topic);
                }
            }
        }

        return null;
    }

    private static bool Matches(string input, string[] words) =>
        words.Any(w => string.Equals(input, w.Trim(), StringComparison.OrdinalIgnoreCase));
}
