using System.Collections.Concurrent;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// The ledger's memory of the messages this process life owns and has not settled yet: a redelivery of one of them
/// is recorded here instead of with a write (it cannot change who owns the work, and the row has no reply to return),
/// and what it changed — the count and the time the last delivery came — is written with the message's settlement,
/// in the same transaction. In a crowd the second deliveries all arrive while the answers stream: this takes one
/// write per waiting follower off the intake. A redelivery goes to the database as before when it lands on another
/// instance, when the settlement began, after <see cref="Expiry"/>, or while another delivery of the key is being
/// written (so that every delivery's count is exact: the row's count, known once its writes returned, plus the
/// deliveries remembered here).
/// </summary>
internal sealed class LedgerRedeliveries
{
    /// <summary>Past this age an entry is not used (and is swept): WeChat stops redelivering after ~15 s.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<MessageKey, Entry> _keys = new();
    private int _owned;

    /// <summary>
    /// A delivery of <paramref name="key"/>: a redelivery of a message owned here, not being settled and with no
    /// other delivery being written, is recorded in memory (<paramref name="remembered"/>, and null is returned);
    /// any other is to be written, and the entry to pass to <see cref="Written"/> is returned. Deciding both under one
    /// lock keeps every count exact: while a write is pending nothing is remembered, so the row's count plus the
    /// deliveries remembered before it is that delivery's.
    /// </summary>
    public Entry? Begin(MessageKey key, string owner, DateTimeOffset now, out DeliveryRecord? remembered)
    {
        remembered = null;
        while (true)
        {
            var entry = _keys.GetOrAdd(key, static _ => new Entry());
            lock (entry)
            {
                if (entry.Removed)
                {
                    continue;
                }

                if (entry.Owned && !entry.Settling && entry.Pending == 0 && entry.Owner == owner && now - entry.FirstSeenAt < Expiry)
                {
                    entry.Extra++;
                    if (now.ToUnixTimeMilliseconds() >= entry.LastSeen)
                    {
                        entry.LastSeen = now.ToUnixTimeMilliseconds();
                        entry.LastInMemory = true;
                    }

                    remembered = new DeliveryRecord(key, entry.RowCount + entry.Extra, entry.FirstSeenAt, owner, Reply: null);
                    return null;
                }

                entry.Pending++;
                return entry;
            }
        }
    }

    /// <summary>
    /// The write of a delivery returned (<paramref name="record"/>) or failed (null). Returns the record with the
    /// deliveries remembered before it counted (the row does not have them until the settlement).
    /// </summary>
    public DeliveryRecord? Written(MessageKey key, Entry entry, DeliveryRecord? record, string owner, DateTimeOffset seenAt)
    {
        var owned = false;
        lock (entry)
        {
            entry.Pending--;
            if (record is not null && !entry.Removed)
            {
                if (record.IsFirst && record.Owner == owner)
                {
                    entry.Owned = true;
                    entry.Owner = owner;
                    entry.FirstSeenAt = record.FirstSeenAt;
                    owned = true;
                }

                entry.RowCount = Math.Max(entry.RowCount, record.Count);
                if (seenAt.ToUnixTimeMilliseconds() >= entry.LastSeen)
                {
                    entry.LastSeen = seenAt.ToUnixTimeMilliseconds();
                    entry.LastInMemory = false;
                }

                if (entry.Extra > 0 && !entry.Settling)
                {
                    record = record with { Count = record.Count + entry.Extra };
                }
            }

            if (!entry.Owned && entry.Pending == 0)
            {
                Remove(key, entry);
            }
        }

        if (owned && Interlocked.Increment(ref _owned) % SweepEvery == 0)
        {
            Sweep(seenAt);
        }

        return record;
    }

    /// <summary>Deliveries of <paramref name="key"/> remembered here and not in its row yet.</summary>
    public int Unwritten(MessageKey key)
    {
        if (!_keys.TryGetValue(key, out var entry))
        {
            return 0;
        }

        lock (entry)
        {
            return entry.Removed ? 0 : entry.Extra;
        }
    }

    /// <summary>
    /// WeChat hung up on the delivery seen at <paramref name="seenAt"/>: when that was the latest one and it was
    /// remembered here, it no longer counts as one that may have shown the answer (as the database's rule does).
    /// False when the database holds that delivery.
    /// </summary>
    public bool TryAbandon(MessageKey key, DateTimeOffset seenAt, TimeSpan hold)
    {
        if (!_keys.TryGetValue(key, out var entry))
        {
            return false;
        }

        lock (entry)
        {
            var at = seenAt.ToUnixTimeMilliseconds();
            if (entry.Removed || entry.Settling || !entry.LastInMemory || entry.LastSeen != at)
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
        if (!_keys.TryGetValue(key, out var entry))
        {
            return null;
        }

        lock (entry)
        {
            entry.Settling = true;
            return entry.Removed || entry.Extra == 0 ? null : new Seen(entry.Extra, entry.LastSeen);
        }
    }

    /// <summary>
    /// The settlement was written: forgotten. One that failed leaves the entry closed to memory (what the settlement
    /// wrote, if anything, must be what later deliveries read), so that the next attempt writes the same counts.
    /// </summary>
    public void Settled(MessageKey key)
    {
        if (_keys.TryGetValue(key, out var entry))
        {
            lock (entry)
            {
                Remove(key, entry);
            }
        }
    }

    /// <summary>Under the entry's lock.</summary>
    private void Remove(MessageKey key, Entry entry)
    {
        entry.Removed = true;
        _keys.TryRemove(KeyValuePair.Create(key, entry));
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _keys)
        {
            lock (entry)
            {
                if (entry.Owned && now - entry.FirstSeenAt >= Expiry)
                {
                    Remove(key, entry);
                }
            }
        }
    }

    /// <param name="Extra">Deliveries remembered here (not counted in the row).</param>
    /// <param name="LastSeen">When the latest delivery came (Unix ms), as the row's "LastSeenAt" would say.</param>
    public sealed record Seen(int Extra, long LastSeen);

    /// <summary>One key's state; every field under its lock.</summary>
    internal sealed class Entry
    {
        public int Pending { get; set; }

        public bool Removed { get; set; }

        public bool Owned { get; set; }

        public string? Owner { get; set; }

        public DateTimeOffset FirstSeenAt { get; set; }

        /// <summary>The row's count, as its writes returned it.</summary>
        public int RowCount { get; set; }

        public int Extra { get; set; }

        public long LastSeen { get; set; } = long.MinValue;

        public bool LastInMemory { get; set; }

        public bool Settling { get; set; }
    }
}
