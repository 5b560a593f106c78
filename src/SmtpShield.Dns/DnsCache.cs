namespace SmtpShield.Dns;

/// <summary>
/// Answers by question until they expire. Found answers live for their TTL, negative answers (NXDOMAIN,
/// NODATA) for their SOA-derived TTL (RFC 2308 §5) or, without SOA, <see cref="DnsResolverOptions.NegativeTtl"/>;
/// both within <see cref="DnsResolverOptions.MinimumTtl"/>..<see cref="DnsResolverOptions.MaximumTtl"/>.
/// Errors are never cached: a TempError must be asked again, and a PermError (REFUSED, a malformed
/// response) is a server's failure that the next query may not repeat. At most
/// <see cref="DnsResolverOptions.MaxCacheEntries"/> answers; when full, the one expiring soonest goes.
/// Not thread-safe: <see cref="CachingDnsResolver"/> serializes access.
/// </summary>
internal sealed class DnsCache
{
    private readonly Dictionary<DnsCacheKey, Entry> _entries = [];
    private readonly SortedSet<Expiry> _byExpiry = new(Comparer<Expiry>.Create(static (a, b) =>
        a.At != b.At ? a.At.CompareTo(b.At) : a.Sequence.CompareTo(b.Sequence)));

    private readonly TimeSpan _minimumTtl;
    private readonly TimeSpan _maximumTtl;
    private readonly TimeSpan _negativeTtl;
    private readonly int _maxEntries;
    private long _sequence;

    public DnsCache(DnsResolverOptions options)
    {
        _minimumTtl = options.MinimumTtl;
        _maximumTtl = options.MaximumTtl;
        _negativeTtl = options.NegativeTtl;
        _maxEntries = options.MaxCacheEntries;
    }

    public int Count => _entries.Count;

    public bool TryGet(DnsCacheKey key, DateTimeOffset now, out DnsResult result)
    {
        result = null!;
        if (!_entries.TryGetValue(key, out Entry entry))
        {
            return false;
        }

        if (entry.Expiry.At <= now)
        {
            Remove(key, entry);
            return false;
        }

        result = entry.Result with { Ttl = entry.Expiry.At - now };
        return true;
    }

    public void Set(DnsCacheKey key, DnsResult result, DateTimeOffset now)
    {
        TimeSpan ttl = TtlFor(result);
        if (ttl <= TimeSpan.Zero || _maxEntries == 0)
        {
            return;
        }

        if (_entries.TryGetValue(key, out Entry existing))
        {
            Remove(key, existing);
        }

        while (_entries.Count >= _maxEntries)
        {
            Expiry soonest = _byExpiry.Min;
            Remove(soonest.Key, _entries[soonest.Key]);
        }

        var expiry = new Expiry(now + ttl, _sequence++, key);
        _entries.Add(key, new Entry(result, expiry));
        _byExpiry.Add(expiry);
    }

    /// <summary>How long <paramref name="result"/> is kept; zero for results that are never cached.</summary>
    public TimeSpan TtlFor(DnsResult result) => result.Status switch
    {
        DnsStatus.Found => Clamp(result.Ttl ?? TimeSpan.Zero),
        DnsStatus.NameNotFound or DnsStatus.NoData => result.Ttl is { } soaTtl ? Clamp(soaTtl) : _negativeTtl,
        _ => TimeSpan.Zero,
    };

    private TimeSpan Clamp(TimeSpan ttl) =>
        ttl < _minimumTtl ? _minimumTtl : ttl > _maximumTtl ? _maximumTtl : ttl;

    private void Remove(DnsCacheKey key, Entry entry)
    {
        _entries.Remove(key);
        _byExpiry.Remove(entry.Expiry);
    }

    private readonly record struct Entry(DnsResult Result, Expiry Expiry);

    // Sequence breaks ties between answers expiring at the same instant, so each has its own place in the set.
    private readonly record struct Expiry(DateTimeOffset At, long Sequence, DnsCacheKey Key);
}
