using System.Net;
using BenchmarkDotNet.Attributes;
using SmtpShield.Dns;

namespace SmtpShield.Benchmarks;

/// <summary>
/// <see cref="CachingDnsResolver.QueryAsync"/> answered from a warm cache entry (Checks issue: cached
/// lookups per second), with the real clock. Lower-case names are what DnsblCheck asks; the mixed-case name
/// shows the cost of folding it (RFC 4343). "reverse name + lookup" adds <see cref="ReverseName.For(IPAddress, string)"/>,
/// so it is one zone's lookup as the DNSBL check makes it.
/// </summary>
[MemoryDiagnoser]
public class CachingDnsResolverBenchmarks
{
    private const string Zone = "bl.bench.test";
    private static readonly IPAddress s_listed = IPAddress.Parse("127.1.0.7");
    private static readonly IPAddress s_clean = IPAddress.Parse("127.2.0.7");

    private readonly RecordedDnsAnswers _upstream = new();
    private CachingDnsResolver _resolver = null!;
    private string _listedName = null!;
    private string _cleanName = null!;
    private string _mixedCaseName = null!;
    private int _askedAfterSetup;

    [GlobalSetup]
    public void Setup()
    {
        _resolver = new CachingDnsResolver(_upstream, new DnsResolverOptions());
        _listedName = ReverseName.For(s_listed, Zone);
        _cleanName = ReverseName.For(s_clean, Zone);
        _mixedCaseName = ReverseName.For(s_listed, "BL.Bench.Test");
        _upstream.Listed(_listedName, "Listed by bl.bench.test");
        Expect(Ask(_listedName), DnsStatus.Found);
        Expect(Ask(_cleanName), DnsStatus.NameNotFound);
        Expect(Ask(_mixedCaseName), DnsStatus.Found);
        _askedAfterSetup = _upstream.Asked;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Every measured call must have been a cache hit.
        if (_upstream.Asked != _askedAfterSetup)
        {
            throw new InvalidOperationException($"{_upstream.Asked - _askedAfterSetup} measured lookups missed the cache.");
        }
    }

    [Benchmark(Baseline = true, Description = "cached A, listed (Found)")]
    public DnsResult CachedListed() => Ask(_listedName);

    [Benchmark(Description = "cached A, not listed (NXDOMAIN)")]
    public DnsResult CachedNotListed() => Ask(_cleanName);

    [Benchmark(Description = "cached A, mixed-case name")]
    public DnsResult CachedMixedCase() => Ask(_mixedCaseName);

    [Benchmark(Description = "reverse name + cached A")]
    public DnsResult ReverseNameAndCachedLookup() => Ask(ReverseName.For(s_listed, Zone));

    // A hit completes synchronously; anything else is not what these benchmarks claim to measure.
    private DnsResult Ask(string name)
    {
        ValueTask<DnsResult> pending = _resolver.QueryAsync(name, DnsRecordType.A);
        return pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException($"{name}: not answered synchronously from the cache.");
    }

    private static void Expect(DnsResult result, DnsStatus status)
    {
        if (result.Status != status)
        {
            throw new InvalidOperationException($"Expected {status}, got {result}.");
        }
    }
}
