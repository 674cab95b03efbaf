namespace WeChatGpt.Domain.Conversations;

public enum ContinuationState
{
    /// <summary>Part of the answer was shown; the rest is still being generated.</summary>
    Generating = 0,

    /// <summary>The rest is stored and waits for "继续".</summary>
    Ready = 1,

    /// <summary>Everything was delivered (or the answer could not be finished).</summary>
    Done = 2,
}
