using System.Net;

namespace SmtpShield.Dns.Tests;

/// <summary>
/// Answers are reused until their TTL runs out, within the configured floor and ceiling; negative answers live
/// for their SOA-derived TTL (RFC 2308 §5) or the configured default; errors are never kept; the cache holds at
/// most MaxCacheEntries answers. Time comes from a manual clock.
/// </summary>
public class CacheTests
{
    private static readonly DnsAddressRecord s_address = new("host.example", TimeSpan.FromSeconds(300), IPAddress.Parse("192.0.2.1"));

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task Answer_IsReusedUntilItsTtlRunsOut()
    {
        var upstream = new FakeDnsResolver().With("host.example", DnsRecordType.A, Found(300));
        CachingDnsResolver resolver = Cache(upstream);

        await resolver.QueryAsync("host.example", DnsRecordType.A);
        _clock.Advance(TimeSpan.FromSeconds(299));
        DnsResult cached = await resolver.QueryAsync("host.example", DnsRecordType.A);
        Assert.Equal(1, upstream.Queries);
        Assert.Equal(TimeSpan.FromSeconds(1), cached.Ttl);
        Assert.Equal([s_address], cached.Records);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await resolver.QueryAsync("host.example", DnsRecordType.A);
        Assert.Equal(2, upstream.Queries);
    }

    [Fact]
    public async Task Names_AreCachedCaseInsensitively_WithOrWithoutTheTrailingDot()
    {
        var upstream = new FakeDnsResolver().With("host.example", DnsRecordType.A, Found(300));
        CachingDnsResolver resolver = Cache(upstream);

        await resolver.QueryAsync("host.example", DnsRecordType.A);
        await resolver.QueryAsync("HOST.Example.", DnsRecordType.A);
        await resolver.QueryAsync("host.example", DnsRecordType.AAAA);

        Assert.Equal(2, upstream.Queries);
    }

    [Fact]
    public async Task TtlBelowTheFloor_IsRaisedToIt()
    {
        var upstream = new FakeDnsResolver().With("host.example", DnsRecordType.A, Found(0));
        CachingDnsResolver resolver = Cache(upstream, o => o.MinimumTtl = TimeSpan.FromSeconds(60));

        await resolver.QueryAsync("host.example", DnsRecordType.A);
        _clock.Advance(TimeSpan.FromSeconds(59));
        await resolver.QueryAsync("host.example", DnsRecordType.A);
        Assert.Equal(1, upstream.Queries);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await resolver.QueryAsync("host.example", DnsRecordType.A);
        Assert.Equal(2, upstream.Queries);
    }

    [Fact]
    public async Task TtlZero_WithoutAFloor_IsNotCached()
    {
        var upstream = new FakeDnsResolver().With("host.example", DnsRecordType.A, Found(0));
        CachingDnsResolver resolver = Cache(upstream);

        await resolver.QueryAsync("host.example", DnsRecordType.A);
        await resolver.QueryAsync("host.example", DnsRecordType.A);

        Assert.Equal(2, upstream.Queries);
    }

    [Fact]
    public async Task TtlAboveTheCeiling_IsCutToIt()
    {
        var upstream = new FakeDnsResolver().With("host.example", DnsRecordType.A, Found(604800));
        CachingDnsResolver resolver = Cache(upstream, o => o.MaximumTtl = TimeSpan.FromHours(1));

        await resolver.QueryAsync("host.example", DnsRecordType.A);
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(TimeSpan.FromMinutes(1), (await resolver.QueryAsync("host.example", DnsRecordType.A)).Ttl);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await resolver.QueryAsync("host.example", DnsRecordType.A);

        Assert.Equal(2, upstream.Queries);
    }

    [Theory]
    [InlineData(DnsStatus.NameNotFound)]
    [InlineData(DnsStatus.NoData)]
    public async Task NegativeAnswer_IsCachedForItsSoaTtl(DnsStatus status)
    {
        var negative = new DnsResult(status, [], TimeSpan.FromSeconds(120));
        var upstream = new FakeDnsResolver().With("nope.example", DnsRecordType.A, negative);
        CachingDnsResolver resolver = Cache(upstream, o => o.NegativeTtl = TimeSpan.FromSeconds(5));

        await resolver.QueryAsync("nope.example", DnsRecordType.A);
        _clock.Advance(TimeSpan.FromSeconds(119));
        DnsResult cached = await resolver.QueryAsync("nope.example", DnsRecordType.A);
        Assert.Equal((status, TimeSpan.FromSeconds(1)), (cached.Status, cached.Ttl));
        Assert.Equal(1, upstream.Queries);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await resolver.QueryAsync("nope.example", DnsRecordType.A);
        Assert.Equal(2, upstream.Queries);
    }

    [Fact]
    public async Task NegativeAnswerWithoutSoa_IsCachedForTheConfiguredNegativeTtl()
    {
        var upstream = new FakeDnsResolver().With("nope.example", DnsRecordType.A, DnsResult.NameNotFound(null));
        CachingDnsResolver resolver = Cache(upstream, o => o.NegativeTtl = TimeSpan.FromSeconds(30));

        await resolver.QueryAsync("nope.example", DnsRecordType.A);
        _clock.Advance(TimeSpan.FromSeconds(29));
        await resolver.QueryAsync("nope.example", DnsRecordType.A);
        Assert.Equal(1, upstream.Queries);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await resolver.QueryAsync("nope.example", DnsRecordType.A);
        Assert.Equal(2, upstream.Queries);
    }

    [Theory]
    [InlineData(DnsStatus.TempError, DnsError.Timeout)]
    [InlineData(DnsStatus.TempError, DnsError.ServerFailure)]
    [InlineData(DnsStatus.PermError, DnsError.Refused)]
    public async Task Errors_AreNeverCached(DnsStatus status, DnsError error)
    {
        var failure = new DnsResult(status, [], TimeSpan.FromHours(1), error);
        var upstream = new FakeDnsResolver().With("host.example", DnsRecordType.A, failure);
        CachingDnsResolver resolver = Cache(upstream, o => o.MinimumTtl = TimeSpan.FromMinutes(5));

        Assert.Equal(failure, await resolver.QueryAsync("host.example", DnsRecordType.A));
        Assert.Equal(failure, await resolver.QueryAsync("host.example", DnsRecordType.A));

        Assert.Equal(2, upstream.Queries);
        Assert.Equal(0, resolver.CachedCount);
    }

    [Fact]
    public async Task FullCache_EvictsTheAnswerExpiringSoonest()
    {
        var upstream = new FakeDnsResolver()
            .With("long.example", DnsRecordType.A, Found(3000))
            .With("short.example", DnsRecordType.A, Found(100))
            .With("middle.example", DnsRecordType.A, Found(2000))
            .With("new.example", DnsRecordType.A, Found(1000));
        CachingDnsResolver resolver = Cache(upstream, o => o.MaxCacheEntries = 3);

        foreach (string name in (string[])["long.example", "short.example", "middle.example", "new.example"])
        {
            await resolver.QueryAsync(name, DnsRecordType.A);
        }

        Assert.Equal(3, resolver.CachedCount);
        foreach (string name in (string[])["long.example", "middle.example", "new.example"])
        {
            await resolver.QueryAsync(name, DnsRecordType.A);
        }

        Assert.Equal(4, upstream.Queries);
        await resolver.QueryAsync("short.example", DnsRecordType.A);
        Assert.Equal(5, upstream.Queries);
    }

    [Fact]
    public async Task MaxCacheEntriesZero_CachesNothing()
    {
        var upstream = new FakeDnsResolver().With("host.example", DnsRecordType.A, Found(300));
        CachingDnsResolver resolver = Cache(upstream, o => o.MaxCacheEntries = 0);

        await resolver.QueryAsync("host.example", DnsRecordType.A);
        await resolver.QueryAsync("host.example", DnsRecordType.A);

        Assert.Equal(2, upstream.Queries);
    }

    [Fact]
    public async Task ExpiredAnswer_IsReplacedByTheFreshOne()
    {
        var upstream = new FakeDnsResolver().With("host.example", DnsRecordType.A, Found(10));
        CachingDnsResolver resolver = Cache(upstream, o => o.MaxCacheEntries = 1);

        await resolver.QueryAsync("host.example", DnsRecordType.A);
        _clock.Advance(TimeSpan.FromSeconds(11));
        await resolver.QueryAsync("host.example", DnsRecordType.A);
        await resolver.QueryAsync("host.example", DnsRecordType.A);

        Assert.Equal(2, upstream.Queries);
        Assert.Equal(1, resolver.CachedCount);
    }

    private static DnsResult Found(int ttlSeconds) =>
        DnsResult.Found([s_address with { Ttl = TimeSpan.FromSeconds(ttlSeconds) }], TimeSpan.FromSeconds(ttlSeconds));

    private CachingDnsResolver Cache(IDnsResolver upstream, Action<DnsResolverOptions>? configure = null)
    {
        var options = new DnsResolverOptions();
        configure?.Invoke(options);
        return new CachingDnsResolver(upstream, options, _clock);
    }
}
