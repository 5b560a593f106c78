namespace SmtpShield.Blocklist;

/// <summary>
/// How long an automatic block lasts: Ttl for a first offence, multiplied by EscalationFactor for each
/// offence remembered within OffenceMemory, capped at MaxTtl, varied by ±Jitter (fail2ban's
/// bantime.increment with bantime.rndtime). Offences are counted per blocked network (a /64 for IPv6 by
/// default) and survive restarts through the store. Not thread-safe: <see cref="ClientBlocklist"/> serialises it.
/// </summary>
internal sealed class RepeatOffenderTracker(BlocklistOptions options, Func<double> random)
{
    private readonly Dictionary<NetworkKey, OffenderRecord> _offenders = [];

    public int Count => _offenders.Count;

    public void Load(OffenderRecord record) => _offenders[record.Key] = record;

    /// <summary>Counts one more offence for <paramref name="key"/> at <paramref name="now"/> and returns the updated record.</summary>
    public OffenderRecord Offend(NetworkKey key, DateTimeOffset now)
    {
        int previous = _offenders.TryGetValue(key, out OffenderRecord? record) && now - record.LastOffence <= options.OffenceMemory ? record.Offences : 0;
        var updated = new OffenderRecord(key, previous + 1, now);
        _offenders[key] = updated;
        return updated;
    }

    /// <summary>The block for the <paramref name="offences"/>-th offence.</summary>
    public TimeSpan BlockFor(int offences)
    {
        double seconds = options.Ttl.TotalSeconds * Math.Pow(options.EscalationFactor, Math.Max(0, offences - 1));
        seconds = Math.Min(seconds, options.MaxTtl.TotalSeconds);
        seconds *= 1 + (options.Jitter * ((2 * random()) - 1));
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, options.MaxTtl.TotalSeconds));
    }

    /// <summary>An admin cleared the network: its next offence counts as a first one.</summary>
    public void Forget(NetworkKey key) => _offenders.Remove(key);

    /// <summary>Offenders whose last offence is older than OffenceMemory: forgotten (and deleted from the store).</summary>
    public List<NetworkKey> ForgetStale(DateTimeOffset now)
    {
        List<NetworkKey> forgotten = [.. _offenders.Values.Where(r => now - r.LastOffence > options.OffenceMemory).Select(r => r.Key)];
        foreach (NetworkKey key in forgotten)
        {
            _offenders.Remove(key);
        }

        return forgotten;
    }
}

/// <summary>A network's offences so far and when the last one was.</summary>
internal sealed record OffenderRecord(NetworkKey Key, int Offences, DateTimeOffset LastOffence);
