using System.Net;
using SmtpShield.Checks.Dnsbl;

namespace SmtpShield.Tests.Checks;

/// <summary>
/// Dnsbl:Zones entries in postscreen's syntax (postscreen_dnsbl_sites): <c>zone[=filter][*weight]</c>.
/// Each case: the entry as written → the zone asked, the weight, and which answers its filter counts.
/// </summary>
public sealed class DnsblSiteTests
{
    [Theory]
    [InlineData("bl.example", "bl.example", 1)]
    [InlineData("bl.example*3", "bl.example", 3)]
    [InlineData("bl.example*+3", "bl.example", 3)]
    [InlineData("wl.example*-2", "wl.example", -2)]
    [InlineData("  bl.example*2  ", "bl.example", 2)]
    [InlineData("BL.Example.", "bl.example", 1)]
    [InlineData("zen.spamhaus.org=127.0.0.[2..11]*3", "zen.spamhaus.org", 3)]
    [InlineData("list.dnswl.org=127.0.[0..255].[1..3]*-2", "list.dnswl.org", -2)]
    [InlineData("bl.example=127.0.0.[2;4;10..11]*5", "bl.example", 5)]
    [InlineData("bl.example=127.0.0.2", "bl.example", 1)]
    public void ValidEntry_GivesZoneAndWeight(string entry, string zone, int weight)
    {
        Assert.True(DnsblSite.TryParse(entry, out DnsblSite site, out string? error), error);

        Assert.Equal((zone, weight, entry.Trim()), (site.Zone, site.Weight, site.Text));
    }

    // The filter, as a list of the answers (out of a fixed sample) it counts.
    [Theory]
    [InlineData("bl.example", "127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.10 127.0.0.11 127.0.1.2 127.0.10.0 127.0.10.1 127.1.0.2 10.0.0.2")]
    [InlineData("bl.example=127.0.0.2", "127.0.0.2")]
    [InlineData("bl.example=127.0.0.[2..3]*2", "127.0.0.2 127.0.0.3")]
    [InlineData("bl.example=127.0.0.[4;10]*5", "127.0.0.4 127.0.0.10")]
    [InlineData("bl.example=127.0.0.[2;4;10..11]", "127.0.0.2 127.0.0.4 127.0.0.10 127.0.0.11")]
    [InlineData("bl.example=127.0.0.[2..2]", "127.0.0.2")]
    [InlineData("wl.example=127.0.[0..255].[1..3]*-2", "127.0.0.2 127.0.0.3 127.0.1.2 127.0.10.1")]
    [InlineData("bl.example=127.[0..1].0.2", "127.0.0.2 127.1.0.2")]
    [InlineData("bl.example=[0..255].[0..255].[0..255].[0..255]", "127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.10 127.0.0.11 127.0.1.2 127.0.10.0 127.0.10.1 127.1.0.2 10.0.0.2")]
    public void Filter_CountsOnlyTheAnswersItDescribes(string entry, string counted)
    {
        string[] sample = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.10", "127.0.0.11", "127.0.1.2", "127.0.10.0", "127.0.10.1", "127.1.0.2", "10.0.0.2"];
        Assert.True(DnsblSite.TryParse(entry, out DnsblSite site, out string? error), error);

        Assert.Equal(counted, string.Join(' ', sample.Where(answer => site.Matches(IPAddress.Parse(answer)))));
    }

    [Theory]
    [InlineData("bl.example=127.0.0.2")]
    [InlineData("bl.example")]
    public void Filter_NeverCountsAnIpv6Answer(string entry)
    {
        Assert.True(DnsblSite.TryParse(entry, out DnsblSite site, out _));

        Assert.False(site.Filter?.Matches(IPAddress.Parse("::ffff:127.0.0.2")) ?? false);
    }

    [Theory]
    [InlineData("", "is not a DNS zone")]
    [InlineData("*3", "is not a DNS zone")]
    [InlineData("=127.0.0.2", "is not a DNS zone")]
    [InlineData("localhost", "'localhost' is not a DNS zone")]
    [InlineData("bl example.org", "is not a DNS zone")]
    [InlineData("bl.example*3*2", "'bl.example*3' is not a DNS zone")]
    [InlineData("bl.example*0", "weight '0' after '*' must be a non-zero whole number")]
    [InlineData("bl.example*", "weight '' after '*' must be a non-zero whole number")]
    [InlineData("bl.example*x", "weight 'x' after '*' must be a non-zero whole number")]
    [InlineData("bl.example*1.5", "weight '1.5' after '*' must be a non-zero whole number")]
    [InlineData("bl.example*99999999999", "weight '99999999999' after '*' must be a non-zero whole number")]
    [InlineData("bl.example=", "filter '' must have four octets")]
    [InlineData("bl.example=127.0.0", "filter '127.0.0' must have four octets")]
    [InlineData("bl.example=127.0.0.2.5", "filter '127.0.0.2.5' must have four octets")]
    [InlineData("bl.example=127..0.2", "octet '' must be")]
    [InlineData("bl.example=127.0.0.256", "octet '256' must be")]
    [InlineData("bl.example=127.0.0.-1", "octet '-1' must be")]
    [InlineData("bl.example=127.0.0.+2", "octet '+2' must be")]
    [InlineData("bl.example=127.0.0.x", "octet 'x' must be")]
    [InlineData("bl.example=127.0.0.[]", "octet '[]' must be")]
    [InlineData("bl.example=127.0.0.[2..]", "octet '[2..]' must be")]
    [InlineData("bl.example=127.0.0.[..3]", "octet '[..3]' must be")]
    [InlineData("bl.example=127.0.0.[11..2]", "octet '[11..2]' must be")]
    [InlineData("bl.example=127.0.0.[2..3..4]", "octet '[2..3..4]' must be")]
    [InlineData("bl.example=127.0.0.[2;;3]", "octet '[2;;3]' must be")]
    [InlineData("bl.example=127.0.0.[2..300]", "octet '[2..300]' must be")]
    [InlineData("bl.example=127.0.0.[2..3", "octet '[2..3' must be")]
    [InlineData("bl.example=127.0.0.2..3]", "four octets")]
    public void InvalidEntry_IsRefusedWithTheReason(string entry, string reason)
    {
        Assert.False(DnsblSite.TryParse(entry, out _, out string? error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
