using Microsoft.Extensions.Logging;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// Whether the database's writes are blocked (another process holds its write lock) and since when: for the
/// readiness check, and for the one warning an episode logs — naming the cause and the wait.
/// </summary>
public sealed class StorageHealth(TimeProvider clock, ILogger<StorageHealth> logger)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _blockedSince;
    private int _gaveUp;
    private bool _warned;

    /// <summary>Set while an episode (blocked or unreachable) lasts: read without the lock on every statement.</summary>
    private volatile bool _episode;

    /// <summary>How long writes have been waiting for the lock; null while they go through.</summary>
    public TimeSpan? BlockedFor
    {
        get
        {
            lock (_gate)
            {
                return _blockedSince is { } since ? clock.GetUtcNow() - since : null;
            }
        }
    }

    public void Blocked()
    {
        lock (_gate)
        {
            _blockedSince ??= clock.GetUtcNow();
            _episode = true;
        }
    }

    /// <summary>A write with a deadline was given up (its delivery answers "busy").</summary>
    public void GaveUp(TimeSpan waited)
    {
        lock (_gate)
        {
            _gaveUp++;
            if (_warned)
            {
                return;
            }

            _warned = true;
        }

        logger.LogWarning(
            "Database busy/locked: writes have waited {Seconds:0.0} s for a lock held by another connection; deliveries answer 'busy' until it is released",
            (BlockedFor ?? waited).TotalSeconds);
    }

    /// <summary>The database server could not be reached (PostgreSQL): writes and reads fail until it is back.</summary>
    public void Unreachable()
    {
        lock (_gate)
        {
            _blockedSince ??= clock.GetUtcNow();
            _episode = true;
            _gaveUp++;
            if (_warned)
            {
                return;
            }

            _warned = true;
        }

        logger.LogWarning("Database unreachable: followers get the apology and /health/ready is 503 until it answers again");
    }

    /// <summary>A connection was had: an episode of being unreachable is over.</summary>
    public void Reachable()
    {
        if (_episode)
        {
            Resumed(TimeSpan.Zero);
        }
    }

    /// <param name="stillBlocked">Every waiting write gave up; the lock is not released yet.</param>
    public void Resumed(TimeSpan waited, bool stillBlocked = false)
    {
        if (stillBlocked)
        {
            return;
        }

        int gaveUp;
        TimeSpan total;
        lock (_gate)
        {
            if (_blockedSince is not { } since)
            {
                return;
            }

            total = clock.GetUtcNow() - since;
            gaveUp = _gaveUp;
            var warned = _warned;
            _blockedSince = null;
            _episode = false;
            _gaveUp = 0;
            _warned = false;
            if (!warned)
            {
                return;
            }
        }

        logger.LogInformation("Database writes resumed after {Seconds:0.0} s blocked ({GaveUp} writes given up)", Math.Max(total.TotalSeconds, waited.TotalSeconds), gaveUp);
    }
}
