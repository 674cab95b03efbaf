using WeChatGpt.Application.Conversations.Text;

namespace WeChatGpt.Application.Voice;

/// <summary>What of an answer is spoken, and in which language.</summary>
public static class SpokenText
{
    /// <summary>The answer's beginning, at most <paramref name="maxChars"/> characters, ending at a sentence when possible.</summary>
    public static (string Text, bool Truncated) Limit(string text, int maxChars)
    {
        var plain = text.Trim();
        if (plain.Length <= maxChars)
        {
            return (plain, false);
        }

        var window = plain[..maxChars];
        var cut = ReplySplitter.TidyPrefixLength(window, int.MaxValue);
        if (cut < maxChars / 2 || cut == window.Length)
        {
            var sentenceEnd = window.LastIndexOfAny(['。', '！', '？', '.', '!', '?', '；', ';']);
            cut = sentenceEnd >= maxChars / 2 ? sentenceEnd + 1 : maxChars;
        }

        return (plain[..cut].Trim(), true);
    }

    /// <summary>English when most letters are Latin; otherwise Chinese.</summary>
    public static string DetectLanguage(string text)
    {
        var latin = 0;
        var cjk = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c))
            {
                latin++;
            }
            else if (c >= 0x4E00 && c <= 0x9FFF)
            {
                cjk++;
            }
        }

        // A Chinese character carries about as much as a short English word.
        return latin > cjk * 3 ? "en-US" : "zh-CN";
    }
}
