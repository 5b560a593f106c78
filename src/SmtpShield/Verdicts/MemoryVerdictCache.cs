using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace SmtpShield.Verdicts;

/// <summary>
/// The embedded pass cache: address → expiry, bounded in size. When full, expired entries are swept
/// and, if that frees nothing, the oldest half goes — a wave of new clients cannot grow it without bound.
/// </summary>
internal sealed class MemoryVerdictCache(IOptions<PolicyOptions> options, TimeProvider time) : IVerdictCache
{
    private readonly ConcurrentDictionary<IPAddress, long> _passes = new();
    private readonly TimeSpan _ttl = options.Value.PassCacheTtl;
    private readonly int _capacity = options.Value.PassCacheSize;
    private readonly Lock _sweep = new();

    public int Count => _passes.Count;

    public bool HasPassed(IPAddress client)
    {
        if (!_passes.TryGetValue(client, out long expires))
        {
            return false;
        }

        if (time.GetTimestamp() < expires)
        {
            return true;
        }

        _passes.TryRemove(new KeyValuePair<IPAddress, long>(client, expires));
        return false;
    }

    public void RememberPass(IPAddress client)
    {
        if (_ttl <= TimeSpan.Zero || _capacity <= 0)
        {
            return;
        }

        long now = time.GetTimestamp();
        if (_passes.Count >= _capacity)
        {
            Sweep(now);
        }

        _passes[client] = now + (long)(_ttl.TotalSeconds * time.TimestampFrequency);
    }

    private void Sweep(long now)
    {
        lock (_sweep)
        {
            if (_passes.Count < _capacity)
            {
                return;
            }

            foreach (KeyValuePair<IPAddress, long> entry in _passes)
            {
                if (entry.Value <= now)
                {
                    _passes.TryRemove(entry);
                }
            }

            if (_passes.Count >= _capacity)
            {
                // Expiry order equals insertion order for one TTL: drop the half that expires first.
                foreach (KeyValuePair<IPAddress, long> entry in _passes.OrderBy(e => e.Value).Take(_passes.Count / 2).ToList())
                {
                    _passes.TryRemove(entry);
                }
            }
        }
    }
}
