using System.Net;
using Microsoft.Extensions.Options;
using SmtpShield.Checks;
using SmtpShield.Checks.Dnsbl;
using SmtpShield.Dns;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>The checks as the daemon builds them, with the daemon's resolver (cache and coalescing) pointed at a test server.</summary>
internal static class TestChecks
{
    /// <summary>Where the clients connect to: "our own address" for the EHLO checks.</summary>
    public static readonly IPEndPoint Local = new(IPAddress.Loopback, 25);

    /// <summary>One try of one second: a failing lookup fails fast.</summary>
    public static IDnsResolver Resolver(string server)
    {
        // Two tries: on 2 busy cores one answer can come later than a second; a black hole costs 2 s.
        var options = new DnsResolverOptions { Timeout = TimeSpan.FromSeconds(1), Attempts = 2 };
        options.Servers.Add(server);
        return new CachingDnsResolver(new DnsStubResolver(options), options);
    }

    public static DnsblCheck Dnsbl(string server, params string[] zones) => Dnsbl(Resolver(server), new DnsblOptions(), zones);

    public static DnsblCheck Dnsbl(IDnsResolver resolver, DnsblOptions options, params string[] zones)
    {
        options.Zones.AddRange(zones);
        IOptions<DnsblOptions> wrapped = Options.Create(options);
        return new DnsblCheck(new DnsblZones(wrapped), resolver, wrapped);
    }

    public static CheckSubject Subject(IPAddress client) => new(client, Local);
}
