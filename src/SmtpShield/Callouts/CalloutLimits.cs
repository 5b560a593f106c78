namespace SmtpShield.Callouts;

/// <summary>
/// How many callouts may run at once and start per minute, in all and per sender domain: a wave of forged
/// senders must not turn SmtpShield into a probe cannon against one victim domain (or get it listed by
/// backscatterer.org). Callouts are rare next to sessions, so one lock serves.
/// </summary>
internal sealed class CalloutLimits(CalloutOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DomainCounts> _domains = new(StringComparer.OrdinalIgnoreCase);
    private int _running;
    private long _minute = -1;
    private int _startedThisMinute;

    /// <summary>Takes a place for a callout to <paramref name="domain"/>; null when taken (call <see cref="Finish"/>), else why not.</summary>
    public string? TryStart(string domain)
    {
        lock (_gate)
        {
            long minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
            if (minute != _minute)
            {
                // A new minute: the per-minute counts start again; idle domains are forgotten.
                _minute = minute;
                _startedThisMinute = 0;
                foreach (string idle in _domains.Where(d => d.Value.Running == 0).Select(d => d.Key).ToList())
                {
                    _domains.Remove(idle);
                }

                foreach (DomainCounts counts in _domains.Values)
                {
                    counts.StartedThisMinute = 0;
                }
            }

            DomainCounts ofDomain = _domains.TryGetValue(domain, out DomainCounts? found) ? found : new DomainCounts();
            string? refusal =
                _running >= options.MaxConcurrent ? $"{options.MaxConcurrent} callouts running (Callouts:MaxConcurrent)"
                : _startedThisMinute >= options.MaxPerMinute ? $"{options.MaxPerMinute} callouts this minute (Callouts:MaxPerMinute)"
                : ofDomain.Running >= options.MaxConcurrentPerDomain ? $"{options.MaxConcurrentPerDomain} callouts to {domain} running (Callouts:MaxConcurrentPerDomain)"
                : ofDomain.StartedThisMinute >= options.MaxPerDomainPerMinute ? $"{options.MaxPerDomainPerMinute} callouts to {domain} this minute (Callouts:MaxPerDomainPerMinute)"
                : null;
            if (refusal is null)
            {
                _running++;
                _startedThisMinute++;
                ofDomain.Running++;
                ofDomain.StartedThisMinute++;
                _domains[domain] = ofDomain;
            }

            return refusal;
        }
    }

    public void Finish(string domain)
    {
        lock (_gate)
        {
            _running--;
            if (_domains.TryGetValue(domain, out DomainCounts? counts))
            {
                counts.Running--;
            }
        }
    }

    private sealed class DomainCounts
    {
        public int Running { get; set; }

        public int StartedThisMinute { get; set; }
    }
}
