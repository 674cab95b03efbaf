namespace WeChatGpt.Application.Conversations.Text;

/// <summary>
/// A cheap, conservative token estimate for trimming history to the model's context budget:
/// about one token per CJK character, one per four other characters, plus a per-message overhead.
/// </summary>
public static class TokenEstimate
{
    public const int PerMessageOverhead = 4;

    public static int Of(string text)
    {
        var wide = 0;
        var narrow = 0;
        foreach (var c in text)
        {
            if (c >= 0x2E80)
            {
                wide++;
            }
            else
            {
                narrow++;
            }
        }

        return wide + ((narrow + 3) / 4) + PerMessageOverhead;
    }
}
