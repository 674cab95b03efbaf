using System.Net;

namespace WeChatGpt.Application.Protection;

/// <summary>
/// Refused credentials per client address, for the admin and the API: after <c>RateLimit:AuthFailures</c> within
/// <c>RateLimit:AuthFailureWindow</c> the address waits. In one process alone; in the shared database when several
/// instances serve the same admin (a guesser spreading attempts over instances is counted once).
/// </summary>
public interface IAuthFailures
{
    /// <summary>How long the address must wait, or null when it may try.</summary>
    ValueTask<TimeSpan?> RetryAfterAsync(IPAddress address, CancellationToken cancellationToken);

    ValueTask FailedAsync(IPAddress address, CancellationToken cancellationToken);
}
