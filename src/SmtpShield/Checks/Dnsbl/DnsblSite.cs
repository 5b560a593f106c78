using System.Globalization;
using System.Net;

namespace SmtpShield.Checks.Dnsbl;

/// <summary>
/// One DNSBL/DNSWL entry in postscreen's syntax (postscreen_dnsbl_sites): <c>zone[=filter][*weight]</c>,
/// e.g. <c>zen.spamhaus.org=127.0.0.[2..11]*3</c> or <c>list.dnswl.org=127.0.[0..255].[1..3]*-2</c>.
/// The weight (default 1) counts when any A record of the answer matches the filter; a negative weight
/// makes the zone an allowlist. Several entries may name the same zone with different filters.
/// </summary>
internal sealed record DnsblSite(string Zone, DnsblReplyFilter? Filter, int Weight, string Text)
{
    // RFC 1035 §2.3.4: 253 characters of presentation text for a name.
    private const int MaxZoneLength = 253;

    public bool Matches(IPAddress answer) => Filter is null || Filter.Matches(answer);

    public override string ToString() => Text;

    /// <summary>Parses one entry; on failure <paramref name="error"/> says what is wrong, for the config check.</summary>
    public static bool TryParse(string text, out DnsblSite site, out string? error)
    {
        site = null!;
        error = null;
        string entry = text.Trim();
        int weight = 1;
        int star = entry.LastIndexOf('*');
        if (star >= 0)
        {
            if (!int.TryParse(entry.AsSpan(star + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out weight) || weight == 0)
            {
                error = $"weight '{entry[(star + 1)..]}' after '*' must be a non-zero whole number";
                return false;
            }

            entry = entry[..star];
        }

        DnsblReplyFilter? filter = null;
        int equals = entry.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            if (!DnsblReplyFilter.TryParse(entry[(equals + 1)..], out filter, out error))
            {
                return false;
            }

            entry = entry[..equals];
        }

        string zone = entry.TrimEnd('.').ToLowerInvariant();
        if (zone.Length == 0 || zone.Length > MaxZoneLength || Uri.CheckHostName(zone) != UriHostNameType.Dns || !zone.Contains('.', StringComparison.Ordinal))
        {
            error = $"'{entry}' is not a DNS zone";
            return false;
        }

        site = new DnsblSite(zone, filter, weight, text.Trim());
        return true;
    }
}
