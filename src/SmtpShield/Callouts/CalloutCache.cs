using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SmtpShield.Blocklist.Store;

namespace SmtpShield.Callouts;

/// <summary>
/// Callout results remembered, as Exim does: accepted senders for Callouts:CacheAcceptedFor, refused ones
/// for Callouts:CacheRejectedFor, and per domain for Callouts:CacheDomainFor (it accepts every recipient,
/// so one probe covers all its senders; or it refuses MAIL FROM:&lt;&gt;, so callouts to it are pointless).
/// Unknown results are not remembered: the next sender gets a fresh try. Kept in memory and in the
/// blocklist store (written on its writer's thread, never awaited by a session), so a restart keeps it.
/// </summary>
internal sealed class CalloutCache(IOptions<CalloutOptions> options, TimeProvider time)
{
    private const string DomainPrefix = "domain:";

    private readonly CalloutOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, CachedCallout> _entries = new(StringComparer.Ordinal);
    private BlocklistWriter? _writer;

    public int Count => _entries.Count;

    /// <summary>Loads what the store remembers; from now on results are written to it too.</summary>
    public void Open(BlocklistWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (CachedCallout callout in writer.Store.LoadCallouts(time.GetUtcNow()).Take(_options.MaxCacheEntries))
        {
            _entries[callout.Key] = callout;
        }

        _writer = writer;
    }

    /// <summary>What is remembered of <paramref name="address"/> or its domain; null when nothing (or it expired).</summary>
    public CalloutResult? Find(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.LastIndexOf('@') <= 0)
        {
            return null;
        }

        DateTimeOffset now = time.GetUtcNow();
        if (Live(DomainPrefix + DomainOf(address), now) is { } domain)
        {
            return new CalloutResult(domain.Outcome, $"cached for the domain: {domain.Detail}") { FromCache = true };
        }

        return Live(Normalize(address), now) is { } known ? new CalloutResult(known.Outcome, $"cached: {known.Detail}") { FromCache = true } : null;
    }

    public void Remember(string address, CalloutResult result)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(result);
        if (result.FromCache || address.LastIndexOf('@') <= 0)
        {
            return;
        }

        DateTimeOffset now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case CalloutOutcome.Accepted when result.AcceptsAnyRecipient:
                Save(DomainPrefix + DomainOf(address), CalloutOutcome.Accepted, $"{result.Host} accepts every recipient", _options.CacheDomainFor, now);
                break;
            case CalloutOutcome.Accepted:
                Save(Normalize(address), CalloutOutcome.Accepted, result.Detail, _options.CacheAcceptedFor, now);
                break;
            case CalloutOutcome.Rejected:
                Save(Normalize(address), CalloutOutcome.Rejected, result.Detail, _options.CacheRejectedFor, now);
                break;
            case CalloutOutcome.Unknown when result.RefusesNullSender:
                Save(DomainPrefix + DomainOf(address), CalloutOutcome.Unknown, $"no callouts: {result.Detail}", _options.CacheDomainFor, now);
                break;
        }
    }

    /// <summary>Drops what has expired, here and in the store.</summary>
    public Task PurgeAsync()
    {
        DateTimeOffset now = time.GetUtcNow();
        foreach ((string key, CachedCallout callout) in _entries)
        {
            if (callout.Expires <= now)
            {
                _entries.TryRemove(new KeyValuePair<string, CachedCallout>(key, callout));
            }
        }

        return _writer?.WriteAsync([new PurgeCallouts(now)]) ?? Task.CompletedTask;
    }

    private CachedCallout? Live(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out CachedCallout? found) && found.Expires > now ? found : null;

    private void Save(string key, CalloutOutcome outcome, string detail, TimeSpan ttl, DateTimeOffset now)
    {
        if (ttl <= TimeSpan.Zero || (_entries.Count >= _options.MaxCacheEntries && !_entries.ContainsKey(key)))
        {
            return;
        }

        var callout = new CachedCallout(key, outcome, detail, now + ttl);
        _entries[key] = callout;
        // The writer logs a failed write; the record still holds in memory.
        _writer?.WriteAsync([new SaveCallout(callout)]).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private static string DomainOf(string address) => SenderAddress.DomainOf(address);

    // The local part is the callee's to interpret (RFC 5321 §2.4); only the domain is case-free.
    private static string Normalize(string address) => $"{address[..address.LastIndexOf('@')]}@{DomainOf(address)}";
}
