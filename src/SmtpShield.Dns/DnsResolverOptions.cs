namespace SmtpShield.Dns;

/// <summary>
/// Settings for <see cref="DnsStubResolver"/> and <see cref="CachingDnsResolver"/> (configuration section "Dns").
/// </summary>
public sealed class DnsResolverOptions
{
    /// <summary>
    /// Name servers as "ip" or "ip:port" ("[ipv6]:port"), asked in order. Empty: the nameserver lines of
    /// <see cref="ResolvConfPath"/>.
    /// </summary>
    public IList<string> Servers { get; } = [];

    /// <summary>How long to wait for one server before asking the next. Null: resolv.conf's "options timeout", else 5 s.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>How many rounds over all servers. Null: resolv.conf's "options attempts", else 2.</summary>
    public int? Attempts { get; set; }

    /// <summary>Where servers, timeout and attempts come from when not configured here.</summary>
    public string ResolvConfPath { get; set; } = ResolvConf.DefaultPath;

    /// <summary>
    /// Floor on how long an answer is cached, whatever its TTL says. Default 0 (unbound's cache-min-ttl):
    /// raising it trades freshness for fewer queries, e.g. for DNSBLs that publish TTL 0.
    /// </summary>
    public TimeSpan MinimumTtl { get; set; } = TimeSpan.Zero;

    /// <summary>Ceiling on how long an answer is cached. Default one day (unbound's cache-max-ttl, 86400 s).</summary>
    public TimeSpan MaximumTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a negative answer without SOA is cached. RFC 2308 §5 says such answers SHOULD NOT be cached,
    /// so the default is short: 30 s, enough to absorb a burst of identical questions. Zero disables it.
    /// </summary>
    public TimeSpan NegativeTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most answers kept; when full, the one expiring soonest goes. Zero disables caching (coalescing stays).</summary>
    public int MaxCacheEntries { get; set; } = 10_000;

    /// <summary>Every problem with these settings, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (int i = 0; i < Servers.Count; i++)
        {
            if (!DnsServerAddress.TryParse(Servers[i], out _))
            {
                errors.Add($"Dns:Servers:{i}: '{Servers[i]}' is not an IP address or IP address:port.");
            }
        }

        if (Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > ResolvConf.MaxTimeout))
        {
            errors.Add($"Dns:Timeout: {timeout} must be more than zero and at most {ResolvConf.MaxTimeout}.");
        }

        if (Attempts is { } attempts && attempts is < 1 or > ResolvConf.MaxAttempts)
        {
            errors.Add($"Dns:Attempts: {attempts} must be from 1 to {ResolvConf.MaxAttempts}.");
        }

        if (string.IsNullOrWhiteSpace(ResolvConfPath))
        {
            errors.Add("Dns:ResolvConfPath: must not be empty.");
        }

        if (MinimumTtl < TimeSpan.Zero || MaximumTtl < MinimumTtl)
        {
            errors.Add($"Dns:MinimumTtl, Dns:MaximumTtl: need 0 <= MinimumTtl ({MinimumTtl}) <= MaximumTtl ({MaximumTtl}).");
        }

        if (NegativeTtl < TimeSpan.Zero)
        {
            errors.Add($"Dns:NegativeTtl: {NegativeTtl} must not be negative.");
        }

        if (MaxCacheEntries < 0)
        {
            errors.Add($"Dns:MaxCacheEntries: {MaxCacheEntries} must not be negative.");
        }

        return errors;
    }

    internal void ThrowIfInvalid()
    {
        IReadOnlyList<string> errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), "options");
        }
    }
}
