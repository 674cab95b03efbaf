using System.Collections.Concurrent;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// The ledger's memory of the messages this process life owns and has not settled yet: a redelivery of one of them
/// is recorded here instead of with a write (it cannot change who owns the work, and the row has no reply to return),
/// and what it changed — the count and the time the last delivery came — is written with the message's settlement,
/// in the same transaction. In a crowd the second deliveries all arrive while the answers stream: this takes one
/// write per waiting follower off the intake. A redelivery that lands on another instance, comes after the settlement
/// began, or after <see cref="Expiry"/> is recorded in the database as before.
/// </summary>
internal sealed class LedgerRedeliveries
{
    /// <summary>Past this age an entry is not used (and is swept): WeChat stops redelivering after ~15 s.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<MessageKey, Entry> _owned = new();
    private int _registered;

    /// <summary>Messages remembered now (for tests).</summary>
    public int Count => _owned.Count;

    /// <summary>A first delivery recorded in the database for <paramref name="owner"/>: its redeliveries here are remembered.</summary>
    public void Owned(DeliveryRecord record, string owner, DateTimeOffset seenAt)
    {
        _owned[record.Key] = new Entry(record.FirstSeenAt, owner, seenAt.ToUnixTimeMilliseconds());
        if (Interlocked.Increment(ref _registered) % SweepEvery == 0)
        {
            Sweep(seenAt);
        }
    }

    /// <summary>A redelivery of a message owned here and not being settled: recorded in memory, returned as the row would be.</summary>
    public bool TryRedelivery(MessageKey key, string owner, DateTimeOffset now, out DeliveryRecord record)
    {
        record = null!;
        if (!_owned.TryGetValue(key, out var entry) || entry.Owner != owner || now - entry.FirstSeenAt >= Expiry)
        {
            return false;
        }

        lock (entry)
        {
            if (entry.Settling)
            {
                return false;
            }

            entry.Extra++;
            entry.LastSeen = Math.Max(entry.LastSeen, now.ToUnixTimeMilliseconds());
            record = new DeliveryRecord(key, 1 + entry.Extra, entry.FirstSeenAt, owner, Reply: null);
            return true;
        }
    }

    /// <summary>
    /// WeChat hung up on the delivery seen at <paramref name="seenAt"/>: when that was the latest one and it was
    /// recorded here, it no longer counts as one that may have shown the answer (as the database's rule does).
    /// False when the database holds that delivery.
    /// </summary>
    public bool TryAbandon(MessageKey key, DateTimeOffset seenAt, TimeSpan hold)
    {
        if (!_owned.TryGetValue(key, out var entry))
        {
            return false;
        }

        lock (entry)
        {
            var at = seenAt.ToUnixTimeMilliseconds();
            if (entry.Settling || entry.Extra == 0 || entry.LastSeen != at)
            {
                return false;
            }

            entry.LastSeen = at - (long)hold.TotalMilliseconds - 1;
            return true;
        }
    }

    /// <summary>
    /// The message is being settled: later redeliveries go to the database. Returns what its remembered deliveries
    /// changed (to write with the settlement), or null when there is nothing to write.
    /// </summary>
    public Seen? Settling(MessageKey key)
    {
        if (!_owned.TryGetValue(key, out var entry))
        {
            return null;
        }

        lock (entry)
        {
            entry.Settling = true;
            return entry.Extra == 0 ? null : new Seen(entry.Extra, entry.LastSeen);
        }
    }

    /// <summary>
    /// The settlement was written: forgotten. One that failed keeps the entry closed to memory (what the settlement
    /// wrote, if anything, must be what later deliveries read), so that the next attempt writes the same counts.
    /// </summary>
    public void Settled(MessageKey key) => _owned.TryRemove(key, out _);

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _owned)
        {
            if (now - entry.FirstSeenAt >= Expiry)
            {
                _owned.TryRemove(key, out _);
            }
        }
    }

    /// <param name="Extra">Deliveries remembered here (not counted in the row).</param>
    /// <param name="LastSeen">When the latest of them came (Unix ms), as the row's "LastSeenAt" would say.</param>
    public sealed record Seen(int Extra, long LastSeen);

    private sealed class Entry(DateTimeOffset firstSeenAt, string owner, long lastSeen)
    {
        public DateTimeOffset FirstSeenAt { get; } = firstSeenAt;

        public string Owner { get; } = owner;

        public int Extra { get; set; }

        public long LastSeen { get; set; } = lastSeen;

        public bool Settling { get; set; }
    }
}
