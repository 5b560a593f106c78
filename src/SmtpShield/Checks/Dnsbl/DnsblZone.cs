namespace SmtpShield.Checks.Dnsbl;

/// <summary>One queried zone with every configured entry (filter and weight) for it, and its health.</summary>
internal sealed class DnsblZone(string name, IReadOnlyList<DnsblSite> sites)
{
    private volatile string? _unhealthyBecause;

    public string Name { get; } = name;

    public IReadOnlyList<DnsblSite> Sites { get; } = sites;

    /// <summary>False while the health probe finds the zone broken: it is then not queried at all.</summary>
    public bool IsHealthy => _unhealthyBecause is null;

    public string? UnhealthyBecause => _unhealthyBecause;

    public void MarkHealthy() => _unhealthyBecause = null;

    public void MarkUnhealthy(string because) => _unhealthyBecause = because;
}
