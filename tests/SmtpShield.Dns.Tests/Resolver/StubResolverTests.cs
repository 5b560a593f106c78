using System.Net;
using SmtpShield.Dns.Tests.Servers;

namespace SmtpShield.Dns.Tests.Resolver;

/// <summary>The stub resolver against dnsmasq: every record type, NXDOMAIN vs NODATA, CNAME chains, TCP after TC.</summary>
[Collection(DnsmasqCollection.Name)]
public class StubResolverTests(DnsServers servers)
{
    private static readonly TimeSpan s_zoneTtl = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_IsFound_WithItsTtl()
    {
        DnsResult result = await Authoritative().QueryAsync("host.zone.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
        Assert.Equal([new DnsAddressRecord("host.zone.test", s_zoneTtl, IPAddress.Parse("192.0.2.10"))], result.Records);
        Assert.Equal(s_zoneTtl, result.Ttl);
    }

    [Fact]
    public async Task Aaaa_IsFound()
    {
        DnsResult result = await Authoritative().QueryAsync("host.zone.test", DnsRecordType.AAAA);

        Assert.Equal([new DnsAddressRecord("host.zone.test", s_zoneTtl, IPAddress.Parse("2001:db8::10"))], result.Records);
    }

    [Fact]
    public async Task Addresses_MergeAAndAaaa()
    {
        DnsLookup<IPAddress> lookup = await Authoritative().ResolveAddressesAsync("host.zone.test");

        Assert.Equal([IPAddress.Parse("192.0.2.10"), IPAddress.Parse("2001:db8::10")], lookup.Values);
    }

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("2001:db8::10")]
    public async Task Ptr_OfIpv4AndIpv6_NamesTheHost(string address)
    {
        DnsLookup<string> lookup = await Authoritative().ResolvePtrAsync(IPAddress.Parse(address));

        Assert.Equal((DnsStatus.Found, s_zoneTtl), (lookup.Status, lookup.Ttl));
        Assert.Equal(["host.zone.test"], lookup.Values);
    }

    [Fact]
    public async Task Mx_IsSortedByPreference()
    {
        DnsLookup<DnsMxRecord> lookup = await Authoritative().ResolveMxAsync("zone.test");

        Assert.Equal([(5, "mx2.zone.test"), (10, "mx0.zone.test"), (10, "mx1.zone.test")], lookup.Values.Select(r => ((int)r.Preference, r.Exchange)));
    }

    [Fact]
    public async Task Txt_JoinsTheCharacterStringsOfARecord()
    {
        DnsLookup<string> lookup = await Authoritative().ResolveTxtAsync("multi.zone.test");

        Assert.Equal(["part one part two"], lookup.Values);
    }

    [Fact]
    public async Task DnsblListing_IsFoundUnderTheReversedAddress_WithItsReason()
    {
        string listed = ReverseName.For(IPAddress.Parse("127.0.0.2"), "bl.zone.test");
        DnsStubResolver resolver = Authoritative();

        DnsLookup<IPAddress> addresses = await resolver.ResolveAddressesAsync(listed);
        DnsLookup<string> reason = await resolver.ResolveTxtAsync(listed);
        DnsResult notListed = await resolver.QueryAsync(ReverseName.For(IPAddress.Parse("127.0.0.3"), "bl.zone.test"), DnsRecordType.A);

        Assert.Equal([IPAddress.Parse("127.0.0.2")], addresses.Values);
        Assert.Equal([DnsServers.BlocklistReason], reason.Values);
        Assert.Equal(DnsStatus.NameNotFound, notListed.Status);
    }

    [Fact]
    public async Task CnameChain_IsFollowedToTheAddress()
    {
        DnsResult result = await Local().QueryAsync("alias2.plain.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
        Assert.Equal([new DnsAddressRecord("host.plain.test", TimeSpan.FromSeconds(60), IPAddress.Parse("192.0.2.20"))], result.Records);
    }

    [Fact]
    public async Task MissingName_IsNameNotFound_AndMissingType_IsNoData_BothWithTheSoaTtl()
    {
        DnsResult nxdomain = await Authoritative().QueryAsync("nope.zone.test", DnsRecordType.A);
        DnsResult nodata = await Authoritative().QueryAsync("v4only.zone.test", DnsRecordType.AAAA);

        Assert.Equal((DnsStatus.NameNotFound, s_zoneTtl), (nxdomain.Status, nxdomain.Ttl));
        Assert.Equal((DnsStatus.NoData, s_zoneTtl), (nodata.Status, nodata.Ttl));
    }

    [Fact]
    public async Task NegativeAnswersWithoutSoa_HaveNoTtl()
    {
        DnsResult nxdomain = await Local().QueryAsync("nope.plain.test", DnsRecordType.A);
        DnsResult nodata = await Local().QueryAsync("host.plain.test", DnsRecordType.TXT);

        Assert.Equal((DnsStatus.NameNotFound, null), (nxdomain.Status, nxdomain.Ttl));
        Assert.Equal((DnsStatus.NoData, null), (nodata.Status, nodata.Ttl));
    }

    [Fact]
    public async Task Names_AreCaseInsensitive()
    {
        DnsResult result = await Authoritative().QueryAsync("HoSt.ZoNe.TeSt.", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
    }

    [Fact]
    public async Task AnswerTooLargeForUdp_IsAskedAgainOverTcp()
    {
        DnsResult result = await Authoritative().QueryAsync("big.zone.test", DnsRecordType.TXT);

        DnsTxtRecord txt = Assert.IsType<DnsTxtRecord>(Assert.Single(result.Records));
        Assert.Equal(DnsServers.BigTxt, txt.Strings);

        // One question over UDP, answered with TC, and the same question over TCP.
        Assert.True(servers.Authoritative.WaitForLog(_ => servers.Authoritative.CountQueries("big.zone.test", "TXT") == 2, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task RefusedQuestion_IsAPermError()
    {
        DnsResult result = await Authoritative().QueryAsync("example.org", DnsRecordType.A);

        Assert.Equal((DnsStatus.PermError, DnsError.Refused), (result.Status, result.Error));
    }

    [Fact]
    public async Task ServerFailure_IsATempError()
    {
        DnsResult result = await Resolver(servers.Validating.Server).QueryAsync("host.zone.test", DnsRecordType.A);

        Assert.Equal((DnsStatus.TempError, DnsError.ServerFailure), (result.Status, result.Error));
    }

    [Theory]
    [InlineData("a..zone.test", DnsError.InvalidName)]
    [InlineData("bücher.zone.test", DnsError.InvalidName)]
    [InlineData("254 characters", DnsError.NameTooLong)]
    public async Task InvalidNames_AreAPermError_WithoutAsking(string name, DnsError error)
    {
        if (name == "254 characters")
        {
            name = string.Join('.', Enumerable.Repeat("x", 122)) + "x.zone.test";
            Assert.Equal(253 + 1, name.Length);
        }

        int before = servers.Authoritative.Log.Count;

        DnsResult result = await Authoritative().QueryAsync(name, DnsRecordType.A);

        Assert.Equal((DnsStatus.PermError, error), (result.Status, result.Error));
        Assert.Equal(before, servers.Authoritative.Log.Count);
    }

    private DnsStubResolver Authoritative() => Resolver(servers.Authoritative.Server);

    private DnsStubResolver Local() => Resolver(servers.Local.Server);

    internal static DnsStubResolver Resolver(params string[] servers)
    {
        var options = new DnsResolverOptions { Timeout = TimeSpan.FromSeconds(2), Attempts = 1 };
        foreach (string server in servers)
        {
            options.Servers.Add(server);
        }

        return new DnsStubResolver(options);
    }
}
