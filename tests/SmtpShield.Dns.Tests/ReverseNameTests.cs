using System.Net;

namespace SmtpShield.Dns.Tests;

/// <summary>Reverse names for PTR lookups (in-addr.arpa, ip6.arpa) and DNSBL queries share one construction.</summary>
public class ReverseNameTests
{
    [Theory]
    [InlineData("192.0.2.1", "1.2.0.192.in-addr.arpa")]
    [InlineData("10.0.0.255", "255.0.0.10.in-addr.arpa")]
    [InlineData("::ffff:192.0.2.1", "1.2.0.192.in-addr.arpa")]
    // RFC 3596 §2.5's example address.
    [InlineData("4321:0:1:2:3:4:567:89ab", "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa")]
    [InlineData("2001:db8::10", "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")]
    public void PtrName_ReversesOctetsOrNibbles(string address, string expected)
    {
        Assert.Equal(expected, ReverseName.For(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("1.2.3.4", "zen.example", "4.3.2.1.zen.example")]
    [InlineData("1.2.3.4", "zen.example.", "4.3.2.1.zen.example")]
    [InlineData("::ffff:127.0.0.2", "bl.example", "2.0.0.127.bl.example")]
    [InlineData("2001:db8::1", "bl.example", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.example")]
    public void DnsblName_PutsTheReversedAddressUnderTheZone(string address, string zone, string expected)
    {
        // RFC 5782 §2.1 (IPv4) and §2.4 (IPv6).
        Assert.Equal(expected, ReverseName.For(IPAddress.Parse(address), zone));
    }
}
