using System.Net;
using SmtpShield.Dns.Tests.Servers;

namespace SmtpShield.Dns.Tests.Resolver;

/// <summary>
/// A thousand concurrent callers asking one question cost dnsmasq one query, counted in its query log.
/// </summary>
[Collection(DnsmasqCollection.Name)]
public class CoalescingAgainstDnsmasqTests(DnsServers servers)
{
    [Fact]
    public async Task ThousandConcurrentCallers_CostTheServerOneQuery()
    {
        Dnsmasq dnsmasq = servers.Authoritative;
        var resolver = new CachingDnsResolver(StubResolverTests.Resolver(dnsmasq.Server), new DnsResolverOptions());

        DnsResult[] results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ =>
            Task.Run(async () => await resolver.QueryAsync("coalesced.zone.test", DnsRecordType.A))));

        Assert.All(results, r => Assert.Equal(DnsStatus.Found, r.Status));
        Assert.Equal(1, await QueriesLoggedAsync(dnsmasq, "coalesced.zone.test", "A"));
    }

    [Fact]
    public async Task WithoutTheCache_CallersArrivingWhileTheQueryIsInFlight_StillShareIt()
    {
        // dnsmasq forwards slow.test to an upstream that takes 300 ms, so every caller arrives in flight.
        Dnsmasq dnsmasq = servers.Local;
        var resolver = new CachingDnsResolver(StubResolverTests.Resolver(dnsmasq.Server), new DnsResolverOptions { MaxCacheEntries = 0 });
        using var impatient = new CancellationTokenSource();

        ValueTask<DnsResult> cancelled = resolver.QueryAsync("coalesced.slow.test", DnsRecordType.A, impatient.Token);
        Task<DnsResult>[] callers = [.. Enumerable.Range(0, 999).Select(_ => resolver.QueryAsync("coalesced.slow.test", DnsRecordType.A).AsTask())];
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        DnsResult[] results = await Task.WhenAll(callers);

        Assert.All(results, r => Assert.Equal(IPAddress.Parse("192.0.2.99"), Assert.IsType<DnsAddressRecord>(Assert.Single(r.Records)).Address));
        Assert.Equal(1, await QueriesLoggedAsync(dnsmasq, "coalesced.slow.test", "A"));
        Assert.Single(servers.SlowUpstream.Queries, q => q.Question.Name == "coalesced.slow.test");
    }

    // dnsmasq logs each query when it arrives, in order: once a later marker query is in the log, so is every
    // earlier one.
    private static async Task<int> QueriesLoggedAsync(Dnsmasq dnsmasq, string name, string type)
    {
        string marker = $"marker-{Guid.NewGuid():N}.zone.test";
        await StubResolverTests.Resolver(dnsmasq.Server).QueryAsync(marker, DnsRecordType.A);
        Assert.True(dnsmasq.WaitForLog(line => line.Contains(marker, StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
        return dnsmasq.CountQueries(name, type);
    }
}
