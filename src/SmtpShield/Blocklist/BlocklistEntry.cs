namespace SmtpShield.Blocklist;

/// <summary>
/// One blocked address or prefix. Immutable but for its hit count (connections refused because of it),
/// which the listener bumps without a lock; a change to anything else is a new entry.
/// </summary>
internal sealed class BlocklistEntry
{
    private long _hits;

    public BlocklistEntry(NetworkKey key, string reason, BlockSource source, DateTimeOffset created, DateTimeOffset? expires, int offences, long hits = 0)
    {
        Key = key;
        Reason = reason;
        Source = source;
        Created = created;
        Expires = expires;
        Offences = offences;
        _hits = hits;
        PersistedHits = hits;
    }

    public NetworkKey Key { get; }

    public string Reason { get; }

    public BlockSource Source { get; }

    public DateTimeOffset Created { get; }

    /// <summary>Null: permanent.</summary>
    public DateTimeOffset? Expires { get; }

    /// <summary>How many offences this block answers (1 for a first offence or a manual entry).</summary>
    public int Offences { get; }

    public long Hits => Volatile.Read(ref _hits);

    /// <summary>The hit count last written to the store (only the maintenance timer writes hits).</summary>
    public long PersistedHits { get; set; }

    public void CountHit() => Interlocked.Increment(ref _hits);

    public bool IsActive(DateTimeOffset now) => Expires is not { } expires || expires > now;

    /// <summary>What is left of the block; null for a permanent one.</summary>
    public TimeSpan? Remaining(DateTimeOffset now) => Expires is { } expires ? (expires > now ? expires - now : TimeSpan.Zero) : null;

    /// <summary>A copy with another expiry and reason that keeps the counters.</summary>
    public BlocklistEntry With(string reason, BlockSource source, DateTimeOffset? expires, int offences) =>
        new(Key, reason, source, Created, expires, offences, Hits) { PersistedHits = PersistedHits };
}
