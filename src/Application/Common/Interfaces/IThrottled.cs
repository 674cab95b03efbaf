namespace WeChatGpt.Application.Common.Interfaces;

/// <summary>
/// Opts a request into throttling: a per-key rate limit and, when <see cref="OneAtATime"/>,
/// at most one request of the key running at once.
/// </summary>
public interface IThrottled
{
    /// <summary>Whose budget this request spends (a follower's OpenID).</summary>
    string ThrottleKey { get; }

    bool OneAtATime => true;
}
