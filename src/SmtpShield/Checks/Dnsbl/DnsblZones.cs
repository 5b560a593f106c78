using Microsoft.Extensions.Options;

namespace SmtpShield.Checks.Dnsbl;

/// <summary>The configured zones, parsed once and grouped so each zone is asked once per client.</summary>
internal sealed class DnsblZones
{
    public DnsblZones(IOptions<DnsblOptions> options)
    {
        var sites = new List<DnsblSite>();
        foreach (string entry in options.Value.Zones)
        {
            // The configuration check has already refused bad entries; skip defensively.
            if (DnsblSite.TryParse(entry, out DnsblSite site, out _))
            {
                sites.Add(site);
            }
        }

        All = [.. sites.GroupBy(s => s.Zone, StringComparer.OrdinalIgnoreCase).Select(g => new DnsblZone(g.Key, [.. g]))];
    }

    public IReadOnlyList<DnsblZone> All { get; }
}
