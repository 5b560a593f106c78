using System.Net;

namespace SmtpShield.Dns.Tests;

/// <summary>
/// While a question is in flight, everyone asking it (same type, name in any case) waits for that one upstream
/// query; a caller that gives up leaves the query running for the rest.
/// </summary>
public class CoalescingTests
{
    private static readonly DnsResult s_found = DnsResult.Found(
        [new DnsAddressRecord("host.example", TimeSpan.FromSeconds(60), IPAddress.Parse("192.0.2.1"))], TimeSpan.FromSeconds(60));

    [Fact]
    public async Task ThousandConcurrentIdenticalQuestions_MakeOneUpstreamQuery()
    {
        // No cache: only coalescing can save the other 999 queries. The upstream holds the query until every
        // caller, on its own thread-pool thread, has asked.
        var upstream = new FakeDnsResolver { Hold = true }.With("host.example", DnsRecordType.A, s_found);
        var resolver = new CachingDnsResolver(upstream, new DnsResolverOptions { MaxCacheEntries = 0 });
        int asked = 0;

        Task<DnsResult>[] callers = [.. Enumerable.Range(0, 1000).Select(i => Task.Run(() =>
        {
            Task<DnsResult> answer = resolver.QueryAsync(i % 2 == 0 ? "host.example" : "HOST.EXAMPLE.", DnsRecordType.A).AsTask();
            Interlocked.Increment(ref asked);
            return answer;
        }))];
        await WaitUntilAsync(() => Volatile.Read(ref asked) == 1000);
        upstream.Release();
        DnsResult[] results = await Task.WhenAll(callers);

        Assert.Equal(1, upstream.Queries);
        Assert.All(results, r => Assert.Same(s_found, r));
    }

    [Fact]
    public async Task CallersAfterTheAnswer_AreServedFromTheCache()
    {
        var upstream = new FakeDnsResolver { Hold = true }.With("host.example", DnsRecordType.A, s_found);
        var resolver = new CachingDnsResolver(upstream, new DnsResolverOptions());

        Task<DnsResult>[] early = [.. Enumerable.Range(0, 500).Select(_ => resolver.QueryAsync("host.example", DnsRecordType.A).AsTask())];
        upstream.Release();
        await Task.WhenAll(early);
        DnsResult[] late = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(async () => await resolver.QueryAsync("host.example", DnsRecordType.A))));

        Assert.Equal(1, upstream.Queries);
        Assert.All(late, r => Assert.Equal(s_found.Records, r.Records));
    }

    [Fact]
    public async Task DifferentTypes_AreDifferentQuestions()
    {
        var upstream = new FakeDnsResolver { Hold = true };
        var resolver = new CachingDnsResolver(upstream, new DnsResolverOptions());

        ValueTask<DnsResult> a = resolver.QueryAsync("host.example", DnsRecordType.A);
        ValueTask<DnsResult> aaaa = resolver.QueryAsync("host.example", DnsRecordType.AAAA);
        upstream.Release();
        await a;
        await aaaa;

        Assert.Equal(2, upstream.Queries);
    }

    [Fact]
    public async Task CancellingOneWaiter_CancelsOnlyThatWaiter()
    {
        var upstream = new FakeDnsResolver { Hold = true }.With("host.example", DnsRecordType.A, s_found);
        var resolver = new CachingDnsResolver(upstream, new DnsResolverOptions());
        using var impatient = new CancellationTokenSource();

        // The first caller starts the shared query and is the one that gives up.
        ValueTask<DnsResult> first = resolver.QueryAsync("host.example", DnsRecordType.A, impatient.Token);
        Task<DnsResult>[] others = [.. Enumerable.Range(0, 10).Select(_ => resolver.QueryAsync("host.example", DnsRecordType.A).AsTask())];
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await first);
        Assert.All(others, o => Assert.False(o.IsCompleted));
        upstream.Release();
        Assert.All(await Task.WhenAll(others), r => Assert.Same(s_found, r));
        Assert.Equal(1, upstream.Queries);
    }

    [Fact]
    public async Task WhenEveryWaiterGivesUp_TheAnswerIsStillCached()
    {
        var upstream = new FakeDnsResolver { Hold = true }.With("host.example", DnsRecordType.A, s_found);
        var resolver = new CachingDnsResolver(upstream, new DnsResolverOptions());
        using var cancel = new CancellationTokenSource();

        ValueTask<DnsResult> only = resolver.QueryAsync("host.example", DnsRecordType.A, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await only);
        upstream.Release();
        await WaitUntilAsync(() => resolver.CachedCount == 1);

        Assert.Same(s_found.Records, (await resolver.QueryAsync("host.example", DnsRecordType.A)).Records);
        Assert.Equal(1, upstream.Queries);
    }

    [Fact]
    public async Task AlreadyCancelledToken_ThrowsWithoutAsking()
    {
        var upstream = new FakeDnsResolver();
        var resolver = new CachingDnsResolver(upstream, new DnsResolverOptions());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await resolver.QueryAsync("host.example", DnsRecordType.A, new CancellationToken(true)));
        Assert.Equal(0, upstream.Queries);
    }

    [Fact]
    public async Task UpstreamBug_ReachesEveryWaiter_AndIsNotCached()
    {
        var upstream = new FakeDnsResolver { Hold = true, Failure = new InvalidOperationException("bug") };
        var resolver = new CachingDnsResolver(upstream, new DnsResolverOptions());

        Task<DnsResult>[] callers = [.. Enumerable.Range(0, 5).Select(_ => resolver.QueryAsync("host.example", DnsRecordType.A).AsTask())];
        upstream.Release();
        foreach (Task<DnsResult> caller in callers)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => caller);
        }

        upstream.Failure = null;
        Assert.Equal(DnsStatus.NameNotFound, (await resolver.QueryAsync("host.example", DnsRecordType.A)).Status);
        Assert.Equal(2, upstream.Queries);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
