using System.Net;
using BenchmarkDotNet.Attributes;
using SmtpShield.Dns;

namespace SmtpShield.Benchmarks;

/// <summary>
/// The name asked about a client, built once per zone per connection before any cache is consulted:
/// <see cref="ReverseName.For(IPAddress, string)"/> for a DNSBL (RFC 5782 §2.1 and §2.4) and
/// <see cref="ReverseName.For(IPAddress)"/> for the PTR lookup of reverse DNS (RFC 1035 §3.5, RFC 3596 §2.5),
/// for an IPv4 and an IPv6 client. The clients are RFC 5782's own examples, so the expected names are too.
/// </summary>
[MemoryDiagnoser]
public class DnsblNameBenchmarks
{
    private const string Zone = "bl.bench.test";
    private const string Ipv6Nibbles = "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2";

    private readonly IPAddress _ipv4 = IPAddress.Parse("192.168.42.23");
    private readonly IPAddress _ipv6 = IPAddress.Parse("2001:db8:1:2:3:4:567:89ab");

    [GlobalSetup]
    public void Setup()
    {
        // Measure the names the checks really ask: a wrong expectation or a changed format must fail here.
        Expect(Ipv4Dnsbl(), "23.42.168.192." + Zone);
        Expect(Ipv6Dnsbl(), Ipv6Nibbles + "." + Zone);
        Expect(Ipv4Ptr(), "23.42.168.192.in-addr.arpa");
        Expect(Ipv6Ptr(), Ipv6Nibbles + ".ip6.arpa");
    }

    [Benchmark(Description = "DNSBL name, IPv4 client")]
    public string Ipv4Dnsbl() => ReverseName.For(_ipv4, Zone);

    [Benchmark(Description = "DNSBL name, IPv6 client (32 nibbles)")]
    public string Ipv6Dnsbl() => ReverseName.For(_ipv6, Zone);

    [Benchmark(Description = "PTR name, IPv4 client (in-addr.arpa)")]
    public string Ipv4Ptr() => ReverseName.For(_ipv4);

    [Benchmark(Description = "PTR name, IPv6 client (ip6.arpa)")]
    public string Ipv6Ptr() => ReverseName.For(_ipv6);

    private static void Expect(string name, string expected)
    {
        if (name != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, got {name}.");
        }
    }
}
