using System.Net;

namespace SmtpShield.Dns.Tests;

/// <summary>The convenience lookups reduce results to values, and addresses merge A and AAAA without hiding a failure.</summary>
public class LookupExtensionsTests
{
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);
    private static readonly DnsResult s_v4 = DnsResult.Found([new DnsAddressRecord("h.example", s_minute, IPAddress.Parse("192.0.2.1"))], s_minute);
    private static readonly DnsResult s_v6 = DnsResult.Found([new DnsAddressRecord("h.example", TimeSpan.FromSeconds(30), IPAddress.Parse("2001:db8::1"))], TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Addresses_MergeAAndAaaa_WithTheSmallerTtl()
    {
        var resolver = new FakeDnsResolver().With("h.example", DnsRecordType.A, s_v4).With("h.example", DnsRecordType.AAAA, s_v6);

        DnsLookup<IPAddress> lookup = await resolver.ResolveAddressesAsync("h.example");

        Assert.Equal(DnsStatus.Found, lookup.Status);
        Assert.Equal([IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")], lookup.Values);
        Assert.Equal(TimeSpan.FromSeconds(30), lookup.Ttl);
    }

    [Fact]
    public async Task Addresses_OfAnIpv4OnlyName_AreFound()
    {
        var resolver = new FakeDnsResolver().With("h.example", DnsRecordType.A, s_v4).With("h.example", DnsRecordType.AAAA, DnsResult.NoData(s_minute));

        DnsLookup<IPAddress> lookup = await resolver.ResolveAddressesAsync("h.example");

        Assert.Equal((DnsStatus.Found, s_minute), (lookup.Status, lookup.Ttl));
        Assert.Equal([IPAddress.Parse("192.0.2.1")], lookup.Values);
    }

    [Fact]
    public async Task Addresses_AreATempError_WhenEitherQuestionFailedTemporarily()
    {
        var resolver = new FakeDnsResolver().With("h.example", DnsRecordType.A, s_v4).With("h.example", DnsRecordType.AAAA, DnsResult.TempError(DnsError.Timeout));

        DnsLookup<IPAddress> lookup = await resolver.ResolveAddressesAsync("h.example");

        Assert.Equal((DnsStatus.TempError, DnsError.Timeout), (lookup.Status, lookup.Error));
        Assert.Empty(lookup.Values);
    }

    [Fact]
    public async Task Addresses_OfAMissingName_AreNameNotFound()
    {
        DnsLookup<IPAddress> lookup = await new FakeDnsResolver().ResolveAddressesAsync("nope.example");

        Assert.Equal(DnsStatus.NameNotFound, lookup.Status);
    }

    [Fact]
    public async Task Mx_IsSortedByPreferenceThenExchange()
    {
        var resolver = new FakeDnsResolver().With("example.org", DnsRecordType.MX, DnsResult.Found(
            [
                new DnsMxRecord("example.org", s_minute, 20, "b.example.org"),
                new DnsMxRecord("example.org", s_minute, 10, "z.example.org"),
                new DnsMxRecord("example.org", s_minute, 20, "a.example.org"),
            ],
            s_minute));

        DnsLookup<DnsMxRecord> lookup = await resolver.ResolveMxAsync("example.org");

        Assert.Equal(["z.example.org", "a.example.org", "b.example.org"], lookup.Values.Select(r => r.Exchange));
    }

    [Fact]
    public async Task Txt_GivesOneStringPerRecord()
    {
        var resolver = new FakeDnsResolver().With("example.org", DnsRecordType.TXT, DnsResult.Found(
            [new DnsTxtRecord("example.org", s_minute, ["v=spf1 ", "-all"]), new DnsTxtRecord("example.org", s_minute, ["other"])],
            s_minute));

        DnsLookup<string> lookup = await resolver.ResolveTxtAsync("example.org");

        Assert.Equal(["v=spf1 -all", "other"], lookup.Values);
    }

    [Fact]
    public async Task Ptr_AsksUnderTheReverseName()
    {
        var resolver = new FakeDnsResolver().With("1.2.0.192.in-addr.arpa", DnsRecordType.PTR,
            DnsResult.Found([new DnsPtrRecord("1.2.0.192.in-addr.arpa", s_minute, "mail.example.org")], s_minute));

        DnsLookup<string> lookup = await resolver.ResolvePtrAsync(IPAddress.Parse("192.0.2.1"));

        Assert.Equal(["mail.example.org"], lookup.Values);
    }
}
